package longpoll.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFilesTest {

    @TempDir
    Path dir;

    @Test
    void appendWritesTheHeaderOnlyIntoANewFile() throws IOException {
        Path csv = dir.resolve("results.csv");

        CsvFiles.append(csv, List.of("preset", "rate"), List.of("curve", 250));
        CsvFiles.append(csv, List.of("preset", "rate"), List.of("curve", 500));

        assertEquals("preset,rate\ncurve,250\ncurve,500\n", Files.readString(csv));
    }

    @Test
    void rowsAreReadByTheNamesInTheirHeader() throws IOException {
        Path csv = dir.resolve("hold-memory.csv");
        CsvFiles.write(csv, CsvFiles.HOLD_MEMORY, List.of(List.of(0L, 4_578_304L), List.of(500L, 4_578_560L)));

        var rows = CsvFiles.read(csv);

        assertEquals(2, rows.size());
        assertEquals("500", rows.get(1).get("waiting_polls"));
        assertEquals("4578560", rows.get(1).get("rss_kib"));
    }

    @Test
    void aValueWithACommaStaysOneValue() throws IOException {
        Path csv = dir.resolve("results.csv");

        CsvFiles.append(csv, List.of("preset", "note"), List.of("ci", "warm, then measured"));

        assertEquals("warm, then measured", CsvFiles.read(csv).getFirst().get("note"));
    }

    @Test
    void aMissingFileHasNoRows() throws IOException {
        assertEquals(List.of(), CsvFiles.read(dir.resolve("none.csv")));
    }
}
