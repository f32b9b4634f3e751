package longpoll.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 in front of the node that cuts every connection on which the node has
 * sent nothing for a while, as a proxy with a read timeout shorter than a poll's (nginx's
 * {@code proxy_read_timeout}) cuts held polls.
 *
 * <p>Its cut is what such a proxy's close is to the node: the end of the stream it reads. What the
 * node sends within a short moment after the cut ({@link #PASSED_ON_AFTER_CUT}) still reaches the
 * client: an answer the node was writing as the proxy cut is lost whatever the server does, and is
 * not what a test counts. What the node sends later goes nowhere, as into a closed connection. The
 * client learns of the cut a little later ({@link #CLIENT_LEARNS_AFTER}), as across a real network
 * it would, and only then polls again: meanwhile, a message is safe only if the node no longer
 * hands it to the poll it was cut from.
 */
public final class CuttingProxy implements AutoCloseable {

    /**
     * Longer than a server takes to see a closed connection on 2 busy cores (a few milliseconds,
     * rarely over 150 in a CI run), and far shorter than a poll that never sees it lives.
     */
    private static final Duration PASSED_ON_AFTER_CUT = Duration.ofMillis(300);
    /** When the relay closes the client's side of a connection it cut: after what it passes on. */
    private static final Duration CLIENT_LEARNS_AFTER = Duration.ofMillis(400);

    private static final long CHECK_EVERY_MILLIS = 10;

    private final ServerSocket listening;
    private final int nodePort;
    private final long idleNanos;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger cuts = new AtomicInteger();

    private CuttingProxy(ServerSocket listening, int nodePort, Duration idle) {
        this.listening = listening;
        this.nodePort = nodePort;
        this.idleNanos = idle.toNanos();
    }

    /** A relay to the deployed node that cuts each connection once the node has been silent on it for {@code idle}. */
    public static CuttingProxy inFrontOf(URL deployed, Duration idle) {
        try {
            var proxy = new CuttingProxy(
                    new ServerSocket(0, 200, InetAddress.getLoopbackAddress()), deployed.getPort(), idle);
            proxy.threads.execute(proxy::accept);
            proxy.timer.scheduleWithFixedDelay(
                    proxy::cutIdle, CHECK_EVERY_MILLIS, CHECK_EVERY_MILLIS, TimeUnit.MILLISECONDS);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where clients connect to it, on 127.0.0.1. */
    public int port() {
        return listening.getLocalPort();
    }

    /** How many connections it has cut so far. */
    public int cuts() {
        return cuts.get();
    }

    @Override
    public void close() {
        try {
            listening.close();
        } catch (IOException e) {
            // Closed already.
        }
        timer.shutdownNow();
        links.forEach(Link::close);
        threads.shutdownNow();
    }

    private void accept() {
        while (!listening.isClosed()) {
            Socket client;
            try {
                client = listening.accept();
            } catch (IOException closed) {
                return;
            }
            threads.execute(() -> relay(client));
        }
    }

    private void relay(Socket client) {
        Socket node;
        try {
            client.setTcpNoDelay(true);
            node = new Socket(InetAddress.getLoopbackAddress(), nodePort);
            node.setTcpNoDelay(true);
        } catch (IOException e) {
            close(client);
            return;
        }
        var link = new Link(client, node);
        links.add(link);
        threads.execute(link::clientToNode);
        link.nodeToClient();
    }

    /** Cuts every connection on which the node has been silent for too long. */
    private void cutIdle() {
        long now = System.nanoTime();
        for (Link link : links) {
            if (now - link.lastFromNode > idleNanos && link.cut()) {
                cuts.incrementAndGet();
                timer.schedule(link::close, CLIENT_LEARNS_AFTER.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closed already.
        }
    }

    /** One client's connection and the relay's connection to the node for it. */
    private final class Link {

        private final Socket client;
        private final Socket node;
        private volatile long lastFromNode = System.nanoTime();
        /** When it was cut; 0 until then. */
        private volatile long cutAt;

        Link(Socket client, Socket node) {
            this.client = client;
            this.node = node;
        }

        /** Passes on the client's requests until either side ends; then the whole link ends. */
        void clientToNode() {
            try {
                client.getInputStream().transferTo(node.getOutputStream());
            } catch (IOException e) {
                // One side is gone, or the node's side was cut and the client sent more.
            }
            close();
        }

        /**
         * Passes on the node's answers until either side ends; then the whole link ends, or, once
         * cut, when the client learns of it.
         */
        void nodeToClient() {
            var buffer = new byte[8192];
            try {
                InputStream in = node.getInputStream();
                OutputStream out = client.getOutputStream();
                for (int count = in.read(buffer); count != -1; count = in.read(buffer)) {
                    long now = System.nanoTime();
                    long cut = cutAt;
                    if (cut == 0 || now - cut <= PASSED_ON_AFTER_CUT.toNanos()) {
                        out.write(buffer, 0, count);
                        out.flush();
                        lastFromNode = now;
                    }
                }
            } catch (IOException e) {
                // One side is gone.
            }
            if (cutAt == 0) {
                close();
            }
        }

        /** Ends the node's side of the stream, once: the node reads the end of it, as of a proxy's close. */
        synchronized boolean cut() {
            if (cutAt != 0 || node.isClosed()) {
                return false;
            }
            cutAt = System.nanoTime();
            try {
                node.shutdownOutput();
            } catch (IOException e) {
                // Closed meanwhile.
            }
            return true;
        }

        void close() {
            links.remove(this);
            CuttingProxy.close(client);
            CuttingProxy.close(node);
        }
    }
}
