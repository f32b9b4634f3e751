package longpoll.page;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/** longpoll's page as a user sees it, in one browser window: what it shows and what can be done. */
final class ClientPage {

    /** How often waits look at the page: often, so that a measured delay is close to the real one. */
    private static final Duration LOOK_EVERY = Duration.ofMillis(20);

    private final ChromeDriver driver;
    private final String window;

    private ClientPage(ChromeDriver driver, String window) {
        this.driver = driver;
        this.window = window;
    }

    /** Opens the page for {@code clientId} in the current window, once it is polling. */
    static ClientPage open(ChromeDriver driver, URI root, String clientId) {
        return open(driver, URI.create(root + "?client=" + clientId));
    }

    /** Opens the page at {@code address} in the current window, once it is polling. */
    static ClientPage open(ChromeDriver driver, URI address) {
        driver.get(address.toString());
        var page = new ClientPage(driver, driver.getWindowHandle());
        page.await(Duration.ofSeconds(20), d -> "waiting".equals(page.statusState()));
        return page;
    }

    /** Reloads the page, as a user does, and returns once the new page polls. */
    void reload() {
        focused().navigate().refresh();
        await(Duration.ofSeconds(20), d -> "waiting".equals(statusState()));
    }

    /** Opens the page for {@code clientId} in a window of its own, beside the others. */
    static ClientPage openInNewWindow(ChromeDriver driver, URI root, String clientId) {
        driver.switchTo().newWindow(WindowType.WINDOW);
        return open(driver, root, clientId);
    }

    /** The client id the page says it receives as. */
    String clientId() {
        return focused().findElement(By.id("client-id")).getDomProperty("value");
    }

    String address() {
        return focused().getCurrentUrl();
    }

    /** "waiting" or "retrying", as the hook reports it. */
    String statusState() {
        return status().getDomAttribute("data-status");
    }

    String statusText() {
        return status().getText();
    }

    /** The messages shown, newest first, each as displayed. */
    List<String> messages() {
        return focused().findElements(By.cssSelector(".messages li pre")).stream()
                .map(WebElement::getText)
                .toList();
    }

    /** Fills in and submits the send form, and returns the answer it then shows. */
    String send(String to, String message) {
        replaceText(focused().findElement(By.id("send-to")), to);
        replaceText(driver.findElement(By.id("send-message")), message);
        driver.findElement(By.cssSelector("form.send button[type=submit]")).click();
        return await(
                Duration.ofSeconds(10),
                d -> d.findElements(By.cssSelector("[data-testid=send-answer]")).stream()
                        .map(WebElement::getText)
                        .findFirst()
                        .orElse(null));
    }

    String curlCommand() {
        return focused()
                .findElement(By.cssSelector("[data-testid=curl-command]"))
                .getText();
    }

    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.copy(focused().getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code condition} holds (is neither null nor false) on this page, and returns its value. */
    <T> T await(Duration limit, ExpectedCondition<T> condition) {
        focused();
        return new WebDriverWait(driver, limit, LOOK_EVERY).until(condition);
    }

    private WebElement status() {
        return focused().findElement(By.cssSelector("p.status"));
    }

    private ChromeDriver focused() {
        if (!window.equals(driver.getWindowHandle())) {
            driver.switchTo().window(window);
        }
        return driver;
    }

    /** Select-all then type: React sees the change, which WebElement.clear() would not tell it. */
    private static void replaceText(WebElement field, String text) {
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), text);
    }
}
