package longpoll.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The machine's headless Chromium (Debian's {@code chromium}), driven through its own
 * {@code chromedriver}. Both are given by path, so Selenium Manager never tries to download a
 * browser or a driver (nothing can be downloaded here). Other paths: {@code -Dlongpoll.chromium=}
 * and {@code -Dlongpoll.chromedriver=}.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getProperty("longpoll.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Path.of(System.getProperty("longpoll.chromedriver", "/usr/bin/chromedriver"));
    /** Set by CI: a browser test that cannot run fails instead of being skipped. */
    private static final boolean REQUIRED = Boolean.getBoolean("longpoll.browser.required");

    private final Path profile;
    private final ChromeDriver driver;

    private Browser() {
        try {
            profile = Files.createTempDirectory("longpoll-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--window-size=900,1200",
                        "--user-data-dir=" + profile);
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
    }

    /** Starts the browser, or skips the calling tests (fails them if required) when there is none. */
    public static Browser start() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            cannotRun("no " + CHROMIUM + " or " + CHROMEDRIVER + ": install Debian's chromium and chromium-driver");
        }
        return new Browser();
    }

    /** Skips the calling test with this reason, or fails it when browser tests are required. */
    public static void cannotRun(String reason) {
        String message = "Browser test not run: " + reason;
        if (REQUIRED) {
            Assertions.fail(message + " (longpoll.browser.required is set)");
        }
        System.err.println(message);
        Assumptions.abort(message);
    }

    public ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
