package longpoll.queue.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Over {@code rediss://} the node talks only to a server whose certificate it trusts and that
 * names the host it connects to. The server here is a TLS socket that answers Redis's protocol
 * just enough for a {@code PING}, with a certificate for {@code localhost}, trusted by the JVM's
 * trust store (set for this test): reached as localhost it answers, reached as 127.0.0.1 (a name
 * the certificate does not hold) the handshake is refused.
 */
class RedisTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;

    private static SSLServerSocket server;

    @BeforeAll
    static void startTlsServer() throws Exception {
        Path keyStore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "redis",
                        "-keyalg",
                        "EC",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keyStore.toString(),
                        "-storepass",
                        new String(PASSWORD))
                .inheritIO()
                .start();
        assertEquals(
                0, keytool.waitFor(60, TimeUnit.SECONDS) ? keytool.exitValue() : -1, "keytool made the certificate");
        KeyStore keys = KeyStore.getInstance(keyStore.toFile(), PASSWORD);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("redis", keys.getCertificate("redis"));
        Path trustStore = dir.resolve("trust.p12");
        try (var out = Files.newOutputStream(trustStore)) {
            trusted.store(out, PASSWORD);
        }
        System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", new String(PASSWORD));
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");

        var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        var context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        server = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(RedisTlsTest::answer);
    }

    @AfterAll
    static void stopTlsServer() throws IOException {
        server.close();
        System.clearProperty("javax.net.ssl.trustStore");
        System.clearProperty("javax.net.ssl.trustStorePassword");
        System.clearProperty("javax.net.ssl.trustStoreType");
    }

    @Test
    void serverWhoseCertificateNamesTheHostAnswers() {
        try (var redis = connect("localhost")) {
            assertEquals("PONG", redis.ping());
        }
    }

    @Test
    void serverWhoseCertificateNamesAnotherHostIsRefused() {
        try (var redis = connect("127.0.0.1")) {
            var refused = assertThrows(JedisConnectionException.class, redis::ping);
            assertInstanceOf(SSLHandshakeException.class, rootOf(refused), refused.toString());
        }
    }

    private static JedisPooled connect(String host) {
        URI url = URI.create("rediss://" + host + ":" + server.getLocalPort());
        return new JedisPooled(
                new HostAndPort(host, server.getLocalPort()),
                RedisConnections.clientConfig(url, "tls-test", 2000, 2000));
    }

    private static Throwable rootOf(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && !(root instanceof SSLHandshakeException)) {
            root = root.getCause();
        }
        return root;
    }

    /** Accepts connections until closed; answers PING with PONG and any other command with OK. */
    private static void answer() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void serve(Socket client) {
        try (client;
                var in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream out = client.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.startsWith("*")) {
                    continue;
                }
                int words = Integer.parseInt(line.substring(1));
                String command = null;
                for (int i = 0; i < words; i++) {
                    in.readLine(); // $<length>
                    String word = in.readLine();
                    command = command == null ? word : command;
                }
                out.write(
                        ("PING".equalsIgnoreCase(command) ? "+PONG\r\n" : "+OK\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException refusedOrClosed) {
            // the client refused the handshake, or went away
        }
    }
}
