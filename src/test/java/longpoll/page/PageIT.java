package longpoll.page;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import longpoll.queue.entity.ClientId;
import longpoll.support.Api;
import longpoll.support.Browser;
import longpoll.support.Deployments;
import longpoll.support.TestRedis;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The page served at /, in a real headless Chromium, on the WAR that ships, on a real Payara
 * Micro with a real Redis: what a developer sees when they open it first.
 */
@ExtendWith(ArquillianExtension.class)
class PageIT {

    private static final Duration LIVE = Duration.ofSeconds(1);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Far less than a poll's timeout: a message taken by a poll left behind would come after it, or never. */
    private static final Duration AT_ONCE = Duration.ofSeconds(5);

    private static final int RELOADS = 5;
    /** A user who sends once the page says it is connected. */
    private static final long USER_PAUSE_MILLIS = 300;

    private static final Pattern ASSET = Pattern.compile("src=\"\\./(assets/[^\"]+\\.js)\"");

    /** Started by the first test that needs it, so that each test without one is reported skipped. */
    private static Browser browser;

    @ArquillianResource
    URL deployed;

    Api api;
    URI root;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.longpoll();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void pageIsBuilt() {
        api = new Api(deployed);
        root = URI.create("http://127.0.0.1:" + deployed.getPort() + "/");
        if (!api.send(api.request("").GET()).body().contains("<div id=\"root\">")) {
            Browser.cannotRun("the WAR was built without its page (no npm on the build's PATH)");
        }
    }

    /** Leaves one blank window, so that no page of a finished test goes on polling. */
    @AfterEach
    void closePages() {
        if (browser == null) {
            return;
        }
        var driver = browser.driver();
        var windows = List.copyOf(driver.getWindowHandles());
        for (String window : windows.subList(1, windows.size())) {
            driver.switchTo().window(window).close();
        }
        driver.switchTo().window(windows.getFirst()).get("about:blank");
    }

    @Test
    void pageAndItsScriptAreServedAtTheRoot() {
        var page = api.send(api.request("").GET());
        var matcher = ASSET.matcher(page.body());
        assertTrue(matcher.find(), page.body());
        var script = api.send(api.request(matcher.group(1)).GET());

        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("Content-Type").orElseThrow().contains("javascript"));
    }

    @Test
    void messagePostedWithHttpAppearsWithinASecond() {
        var page = open("page-http");
        // The first send of a fresh server and test JVM pays for class loading (over half a second
        // here): warm that path up, so what is timed is the delivery to the page.
        api.send("page-warm-up", "0");
        api.poll("page-warm-up");

        long start = System.nanoTime();
        assertEquals(200, api.send("page-http", "\"hello from HTTP\"").statusCode());
        page.await(PATIENCE, d -> page.messages().contains("hello from HTTP"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(took.compareTo(LIVE) < 0, "appeared after " + took.toMillis() + " ms");
        assertEquals(List.of("hello from HTTP"), page.messages());
    }

    @Test
    void pageOpenedWithoutClientIdReceivesAsAFreshOneKeptInItsAddress() {
        var page = ClientPage.open(browser(), root);
        String clientId = page.clientId();

        api.send(clientId, "\"for the fresh id\"");
        page.await(PATIENCE, d -> !page.messages().isEmpty());

        assertTrue(clientId.matches("client-[0-9a-f]{8}"), clientId);
        assertEquals(root + "?client=" + clientId, page.address());
        assertEquals(List.of("for the fresh id"), page.messages());
    }

    @Test
    void messagesShowNewestFirstWithJsonIndentedAndTheCurlCommandNamesTheClient() {
        var page = open("page-reader");

        api.send("page-reader", "\"plain text\"");
        api.send("page-reader", "{\"user\": \"ada\", \"items\": [1, 2]}");
        assertEquals(200, api.send("page-reader", "42").statusCode());
        page.await(PATIENCE, d -> page.messages().size() == 3);
        String answer = page.send("page-reader", "sent from the page");
        page.await(PATIENCE, d -> page.messages().size() == 4);

        assertEquals(
                List.of(
                        "sent from the page",
                        "42",
                        "{\n  \"user\": \"ada\",\n  \"items\": [\n    1,\n    2\n  ]\n}",
                        "plain text"),
                page.messages());
        assertTrue(answer.startsWith("Sent: {") && answer.contains("\"to\":\"page-reader\""), answer);
        assertTrue(page.statusText().startsWith("Message received at"), page.statusText());
        assertTrue(page.curlCommand().contains("-d '{\"to\":\"page-reader\""), page.curlCommand());
        page.screenshot(screenshot("client.png"));
    }

    @Test
    void messageSentFromTheFormReachesASecondPage() {
        var alice = open("page-alice");
        var bob = openInNewWindow("page-bob");

        String answer = alice.send("page-bob", "{\"text\": \"hi bob\"}");
        bob.await(PATIENCE, d -> !bob.messages().isEmpty());

        assertTrue(answer.startsWith("Sent: {") && answer.contains("\"to\":\"page-bob\""), answer);
        assertEquals(List.of("{\n  \"text\": \"hi bob\"\n}"), bob.messages());
        assertEquals(List.of(), alice.messages());
    }

    @Test
    void pageShowsItIsReconnectingWhileRedisIsDownThenMessagesFlowAgain() {
        var page = open("page-outage");

        TestRedis.stop();
        try {
            page.await(PATIENCE, d -> "retrying".equals(page.statusState()));
            assertTrue(page.statusText().matches("Server busy: reconnecting in \\d+ s"), page.statusText());
            page.screenshot(screenshot("client-reconnecting.png"));
        } finally {
            TestRedis.start();
        }

        assertEquals(200, api.send("page-outage", "\"after the outage\"").statusCode());
        page.await(PATIENCE, d -> page.messages().contains("after the outage"));
        assertEquals("waiting", page.statusState());
    }

    @Test
    void plainPageReloadedAgainAndAgainGetsEveryMessageSentAfterEachReload() throws InterruptedException {
        assertEveryMessageSentAfterAReloadAppears("plain");
    }

    @Test
    void acknowledgingPageReloadedAgainAndAgainGetsEveryMessageSentAfterEachReload() throws InterruptedException {
        assertEveryMessageSentAfterAReloadAppears("acknowledged");
    }

    /**
     * Each reload leaves the last page's poll behind on the server, still waiting as far as the
     * server can tell. The message sent once the new page polls must reach the new page at once,
     * not the poll nobody reads any more, and nothing may be left in Redis.
     */
    private void assertEveryMessageSentAfterAReloadAppears(String delivery) throws InterruptedException {
        String client = "page-reload-" + delivery;
        var page = ClientPage.open(browser(), URI.create(root + "?client=" + client + "&delivery=" + delivery));
        for (int reload = 1; reload <= RELOADS; reload++) {
            page.reload();
            Thread.sleep(USER_PAUSE_MILLIS);
            String message = "after reload " + reload;

            assertEquals(200, api.send(client, "\"" + message + "\"").statusCode());

            page.await(AT_ONCE, d -> page.messages().contains(message));
        }
        var redis = TestRedis.client();
        var inFlight = new ClientId(client).inFlightKey();
        assertEquals(0, redis.llen("messages:" + client), "left in the queue");
        // The page acknowledges the last message with its next poll, right after showing it.
        await("nothing left in flight").atMost(PATIENCE).until(() -> redis.lrange(inFlight, 0, -1), List::isEmpty);
    }

    private static Path screenshot(String name) {
        return Path.of(System.getProperty("longpoll.screenshots"), name);
    }

    private ClientPage open(String clientId) {
        return ClientPage.open(browser(), root, clientId);
    }

    private ClientPage openInNewWindow(String clientId) {
        return ClientPage.openInNewWindow(browser(), root, clientId);
    }

    private static ChromeDriver browser() {
        if (browser == null) {
            browser = Browser.start();
        }
        return browser.driver();
    }
}
