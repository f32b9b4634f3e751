package longpoll;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import longpoll.support.EmbeddedRedis;

/**
 * What {@code ./mvnw -Prun} starts: the built WAR on Payara Micro at http://localhost:8080/, with
 * {@code payara-config}. It uses the Redis at {@code LONGPOLL_REDIS_URL}, or the one on
 * localhost:6379, or else starts an embedded redis-server there. Ctrl-C stops both.
 */
public final class LocalServer {

    private static final int REDIS_PORT = 6379;
    private static final int HTTP_PORT = 8080;
    private static final int CONNECT_TIMEOUT_MILLIS = 500;
    private static final long STOP_TIMEOUT_SECONDS = 30;

    public static void main(String[] args) throws Exception {
        Path microJar = Path.of(args[0]);
        Path war = Path.of(args[1]);
        Path payaraConfig = Path.of(args[2]);

        if (answers("localhost", HTTP_PORT)) {
            System.err.println("longpoll: port " + HTTP_PORT + " is already in use: is longpoll running already?");
            System.exit(1);
        }
        EmbeddedRedis redis = null;
        String redisUrl = System.getenv("LONGPOLL_REDIS_URL");
        if (redisUrl != null) {
            System.out.println("longpoll: using the Redis at " + redisUrl);
        } else if (answers("localhost", REDIS_PORT)) {
            System.out.println("longpoll: using the Redis on localhost:" + REDIS_PORT);
        } else {
            redis = new EmbeddedRedis(REDIS_PORT);
            redis.start();
            System.out.println("longpoll: no Redis configured and none on localhost:" + REDIS_PORT
                    + ": started an embedded redis-server there (it stops with this server; messages are not persisted)");
        }

        Process payara = new ProcessBuilder(command(microJar, war, payaraConfig)).inheritIO().start();
        EmbeddedRedis started = redis;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(payara, started)));
        System.exit(payara.waitFor());
    }

    private static List<String> command(Path microJar, Path war, Path payaraConfig) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-jar", microJar.toString(),
                "--deploy", war.toString(),
                "--contextroot", "/",
                "--port", String.valueOf(HTTP_PORT),
                "--nocluster",
                "--prebootcommandfile", payaraConfig.resolve("pre-boot-commands.asadmin").toString());
    }

    private static void stop(Process payara, EmbeddedRedis redis) {
        payara.destroy();
        try {
            payara.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    private static boolean answers(String host, int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
