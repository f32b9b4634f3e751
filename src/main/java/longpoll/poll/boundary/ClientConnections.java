package longpoll.poll.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sees a held poll's client close its connection, where the server lets it be seen, so that the
 * poll ends at once instead of taking messages for nobody until its timeout.
 *
 * <p>Neither JAX-RS ({@code ConnectionCallback}) nor the Servlet API ({@code AsyncListener}) tells
 * of it on Payara or WildFly: their HTTP layers stop reading an HTTP/1.1 connection while its
 * request is suspended, so a close is noticed only when the answer is written. On Payara this
 * class reaches the request's Grizzly connection (no public API leads there, hence reflection),
 * listens for its close, and on HTTP/1.1 turns reading back on while the poll waits, which makes
 * Grizzly notice a close at once. An HTTP client sends nothing more on that connection before its
 * answer; reading is turned off again before the answer is written, so that the client's next
 * request on the connection is read by Grizzly's own flow, not beside it. Reading is turned on a
 * moment after the poll arrived, not at once: the request's own Grizzly thread must have left the
 * filter chain first, or a client's next request on the connection could be read beside Grizzly's
 * flow (and answered 400). A client that leaves within that moment is seen when it has passed. HTTP/2 connections are read
 * all the time already. Elsewhere (WildFly) nothing is watched, and a newer poll of the
 * client still supersedes the one it left behind.
 */
@ApplicationScoped
public class ClientConnections {

    private static final Logger LOG = System.getLogger(ClientConnections.class.getName());
    private static final Runnable NOT_WATCHED = () -> {};
    /** Far longer than a request's thread takes to leave Grizzly's filter chain; far shorter than a poll. */
    private static final Duration READS_AFTER = Duration.ofMillis(100);

    private volatile Grizzly grizzly;
    private volatile boolean unsupported;
    /** Turns reading on for held polls; a plain JDK timer, as it needs nothing of the application's context. */
    private ScheduledExecutorService readsLater;

    @PostConstruct
    void startTimer() {
        readsLater = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "longpoll-client-connections");
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stopTimer() {
        readsLater.shutdownNow();
    }

    /**
     * Runs {@code onClose} when the request's connection closes, until the returned action stops it.
     *
     * @return stops watching; does nothing where the server does not let a close be seen
     */
    Runnable watch(HttpServletRequest request, Runnable onClose) {
        if (unsupported) {
            return NOT_WATCHED;
        }
        try {
            Grizzly found = grizzly != null ? grizzly : (grizzly = Grizzly.of(request));
            return found.watch(request, onClose, readsLater);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsupported = true;
            LOG.log(
                    Level.INFO,
                    "This server does not let longpoll see a waiting client leave ({0}): a poll it "
                            + "left ends when a newer poll of its client comes, or at its timeout",
                    e.toString());
            return NOT_WATCHED;
        }
    }

    /** Payara's path from a servlet request to its Grizzly connection, looked up once. */
    private record Grizzly(
            Field catalinaRequest,
            Method grizzlyRequest,
            Method context,
            Method connection,
            Class<?> closeListener,
            Method addCloseListener,
            Method removeCloseListener,
            Method enableEvent,
            Method disableEvent,
            Object readEvent) {

        static Grizzly of(HttpServletRequest request) throws ReflectiveOperationException {
            Field catalinaRequest = request.getClass().getDeclaredField("request");
            catalinaRequest.setAccessible(true);
            Object catalina = catalinaRequest.get(request);
            Method grizzlyRequest = catalina.getClass().getMethod("getCoyoteRequest");
            Object grizzly = grizzlyRequest.invoke(catalina);
            Method context = grizzly.getClass().getMethod("getContext");
            Object filterChainContext = context.invoke(grizzly);
            Method connection = filterChainContext.getClass().getMethod("getConnection");
            Class<?> connectionType = connection.invoke(filterChainContext).getClass();
            ClassLoader loader = connectionType.getClassLoader();
            Class<?> closeListener = Class.forName("org.glassfish.grizzly.CloseListener", false, loader);
            Class<?> ioEvent = Class.forName("org.glassfish.grizzly.IOEvent", false, loader);
            return new Grizzly(
                    catalinaRequest,
                    grizzlyRequest,
                    context,
                    connection,
                    closeListener,
                    connectionType.getMethod("addCloseListener", closeListener),
                    connectionType.getMethod("removeCloseListener", closeListener),
                    connectionType.getMethod("enableIOEvent", ioEvent),
                    connectionType.getMethod("disableIOEvent", ioEvent),
                    ioEvent.getField("READ").get(null));
        }

        Runnable watch(HttpServletRequest request, Runnable onClose, ScheduledExecutorService readsLater)
                throws ReflectiveOperationException {
            Object catalina = catalinaRequest.get(request);
            Object grizzlyConnection = connection.invoke(context.invoke(grizzlyRequest.invoke(catalina)));
            Object listener = Proxy.newProxyInstance(
                    closeListener.getClassLoader(),
                    new Class<?>[] {closeListener},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "onClosed" -> {
                            onClose.run();
                            yield null;
                        }
                        case "equals" -> proxy == args[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        default -> "longpoll's watch of a held poll";
                    });
            addCloseListener.invoke(grizzlyConnection, listener);
            var watch = new Watch(grizzlyConnection, listener);
            if (request.getProtocol().startsWith("HTTP/1.")) {
                watch.readsLater =
                        readsLater.schedule(watch::turnReadsOn, READS_AFTER.toMillis(), TimeUnit.MILLISECONDS);
            }
            return watch;
        }

        /** One poll's watch of its connection; run, it stops (once the poll ended, before its answer). */
        private final class Watch implements Runnable {

            private final Object connection;
            private final Object listener;
            private ScheduledFuture<?> readsLater;
            private boolean readsOn;
            private boolean stopped;

            Watch(Object connection, Object listener) {
                this.connection = connection;
                this.listener = listener;
            }

            synchronized void turnReadsOn() {
                if (stopped) {
                    return;
                }
                try {
                    enableEvent.invoke(connection, readEvent);
                    readsOn = true;
                } catch (ReflectiveOperationException e) {
                    // The connection is gone: its close listener has run or will.
                }
            }

            @Override
            public synchronized void run() {
                stopped = true;
                if (readsLater != null) {
                    readsLater.cancel(false);
                }
                try {
                    if (readsOn) {
                        disableEvent.invoke(connection, readEvent);
                    }
                    removeCloseListener.invoke(connection, listener);
                } catch (ReflectiveOperationException e) {
                    // The connection is gone with its listeners.
                }
            }
        }
    }
}
