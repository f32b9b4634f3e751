package longpoll;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import longpoll.support.PayaraMicroProcess;
import longpoll.support.RedisProcess;

/**
 * What {@code ./mvnw -Prun} starts: the built WAR on Payara Micro at http://localhost:8080/, with
 * {@code payara-config}. It uses the Redis at {@code LONGPOLL_REDIS_URL}, or the one on
 * localhost:6379, or else starts a redis-server there (from the embedded-redis artifact). Ctrl-C
 * stops both.
 */
public final class LocalServer {

    private static final int REDIS_PORT = 6379;
    private static final int HTTP_PORT = 8080;
    private static final int CONNECT_TIMEOUT_MILLIS = 500;

    public static void main(String[] args) throws Exception {
        if (answers("localhost", HTTP_PORT)) {
            System.err.println("longpoll: port " + HTTP_PORT + " is already in use: is longpoll running already?");
            System.exit(1);
        }
        RedisProcess redis = null;
        String redisUrl = System.getenv("LONGPOLL_REDIS_URL");
        if (redisUrl != null) {
            System.out.println("longpoll: using the Redis at " + redisUrl);
        } else if (answers("localhost", REDIS_PORT)) {
            System.out.println("longpoll: using the Redis on localhost:" + REDIS_PORT);
        } else {
            redis = RedisProcess.inMemory(REDIS_PORT);
            redis.start();
            System.out.println(
                    "longpoll: no Redis configured and none on localhost:" + REDIS_PORT
                            + ": started an embedded redis-server there (it stops with this server; messages are not persisted)");
        }

        var payara = new PayaraMicroProcess(
                Path.of(args[0]),
                Path.of(args[1]),
                Path.of(args[2]),
                HTTP_PORT,
                Map.of(),
                ProcessBuilder.Redirect.INHERIT);
        Process server = payara.start();
        RedisProcess started = redis;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            payara.terminate();
            if (started != null) {
                started.stop();
            }
        }));
        System.exit(server.waitFor());
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
