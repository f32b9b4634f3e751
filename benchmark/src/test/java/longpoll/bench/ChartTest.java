package longpoll.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartTest {

    private static final List<String> COLUMNS = List.of("preset", "rate", "p50_ms", "p99_ms");

    @TempDir
    Path dir;

    @Test
    void curveLatenciesAreDrawnOnTheLeftAndHoldMemoryOnTheRight() throws IOException {
        Path results = dir.resolve("results.csv");
        CsvFiles.append(results, COLUMNS, List.of("ci", 200, "1.100", "9.000"));
        CsvFiles.append(results, COLUMNS, List.of("curve", 250, "1.800", "41.000"));
        CsvFiles.append(results, COLUMNS, List.of("curve", 500, "1.500", "424.000"));
        Path holdMemory = dir.resolve("hold-memory.csv");
        CsvFiles.write(holdMemory, CsvFiles.HOLD_MEMORY, List.of(List.of(0L, 4_578_304L), List.of(500L, 4_578_560L)));

        BufferedImage image = draw(results, holdMemory);

        assertEquals(Chart.WIDTH, image.getWidth());
        assertEquals(Chart.HEIGHT, image.getHeight());
        assertTrue(pixels(image, 0, Chart.P50) > 0, "p50 drawn");
        assertTrue(pixels(image, 0, Chart.P99) > 0, "p99 drawn");
        assertTrue(pixels(image, Chart.WIDTH / 2, Chart.P50) > 0, "RSS drawn");
        assertEquals(0, pixels(image, Chart.WIDTH / 2, Chart.P99));
    }

    @Test
    void withoutRunsThePictureIsStillDrawn() throws IOException {
        BufferedImage image = draw(dir.resolve("results.csv"), dir.resolve("hold-memory.csv"));

        assertEquals(Chart.WIDTH, image.getWidth());
        assertEquals(0, pixels(image, Chart.WIDTH / 2, Chart.P50), "no RSS line");
    }

    private BufferedImage draw(Path results, Path holdMemory) throws IOException {
        Path png = dir.resolve("benchmark.png");
        Chart.draw(results, holdMemory, png);
        return ImageIO.read(png.toFile());
    }

    /** Pixels of exactly that colour in the half of the picture that starts at {@code left}. */
    private static int pixels(BufferedImage image, int left, Color color) {
        int count = 0;
        for (int x = left; x < left + Chart.WIDTH / 2; x++) {
            for (int y = 0; y < Chart.HEIGHT; y++) {
                count += (image.getRGB(x, y) & 0xffffff) == (color.getRGB() & 0xffffff) ? 1 : 0;
            }
        }
        return count;
    }
}
