package longpoll.poll.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
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
 * request is suspended, so a close is noticed only when the answer is written. No public API leads
 * to the connection either, hence reflection, one small path per server, chosen by what the request
 * is ({@link Server#of}). Both turn reading back on while the poll waits, which lets a close be seen
 * at once (an HTTP client sends nothing more on that connection before its answer), and turn it off
 * again before the answer is written, so that the client's next request on the connection is read
 * by the server's own flow, not beside it.
 *
 * <p>On Payara ({@link Grizzly}) this class reaches the request's Grizzly connection and listens
 * for its close. Reading is turned on a moment after the poll arrived, not at once: the request's
 * own Grizzly thread must have left the filter chain first, or a client's next request on the
 * connection could be read beside Grizzly's flow (and answered 400). A client that leaves within
 * that moment is seen when it has passed; HTTP/2 connections are read all the time already. On
 * WildFly ({@link Undertow}) it reads the request's Undertow connection itself while the poll
 * waits, from the start: the end of the stream is its client gone. There, only HTTP/1.1 connections
 * are watched. Where nothing is watched (other servers, other protocols), a newer poll of the client
 * still supersedes the one it left behind.
 */
@ApplicationScoped
public class ClientConnections {

    private static final Logger LOG = System.getLogger(ClientConnections.class.getName());
    private static final Runnable NOT_WATCHED = () -> {};
    /** Far longer than a request's thread takes to leave Grizzly's filter chain; far shorter than a poll. */
    private static final Duration READS_AFTER = Duration.ofMillis(100);

    /** The server's path to a request's connection, looked up at the first poll. */
    private volatile Server server;

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
            Server found = server != null ? server : (server = Server.of(request));
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

    /** A server's path from a servlet request to its connection. */
    private sealed interface Server permits Grizzly, Undertow {

        /** The path of the server the request came through: Undertow's (WildFly), else Grizzly's (Payara). */
        static Server of(HttpServletRequest request) throws ReflectiveOperationException {
            return Undertow.serves(request) ? Undertow.of(request) : Grizzly.of(request);
        }

        /** Starts watching the request's connection; returns what stops it. */
        Runnable watch(HttpServletRequest request, Runnable onClose, ScheduledExecutorService readsLater)
                throws ReflectiveOperationException;
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
            Object readEvent)
            implements Server {

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

        @Override
        public Runnable watch(HttpServletRequest request, Runnable onClose, ScheduledExecutorService readsLater)
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

    /**
     * WildFly's path from a servlet request to its Undertow connection, looked up once.
     *
     * <p>While a request runs, Undertow leaves its HTTP/1.1 connection unread: its own read listener
     * stays, with reads suspended, until the answer is written. A watch puts a read listener of its
     * own in its place and resumes reads, at once: unlike Grizzly's, Undertow's threads leave a
     * request's connection alone once the request is with the application, until its answer. Run by
     * Undertow's I/O thread, the listener reads the end of the stream (or a reset) when the client or
     * a proxy closes the connection: it then ends the poll, and closes the connection as Undertow
     * does when a client goes. Bytes it reads instead are the client's next request, sent ahead of
     * the answer (HTTP/1.1 pipelining): they go back to the connection, which Undertow reads them
     * from once the answer is written, and the watch reads no more. Stopped, it suspends reads and
     * puts Undertow's listener back, before the answer is written: Undertow's end of the exchange
     * then reads the connection's next request as always.
     *
     * <p>A close listener of the connection ({@code ServerConnection.addCloseListener}) would not do
     * on its own: Undertow does not see a close it does not read, and has no way to remove such a
     * listener, so a keep-alive connection would gather one per poll.
     */
    private record Undertow(
            Method exchange,
            Method connection,
            Method requestComplete,
            Class<?> http1Connection,
            Method channel,
            Method sourceChannel,
            Method extraBytes,
            Method ungetRequestBytes,
            Constructor<?> heldBytes,
            Method close,
            Class<?> channelListener,
            Method readListener,
            Method setReadListener,
            Method resumeReads,
            Method suspendReads,
            Method read)
            implements Server {

        private static final String REQUEST = "io.undertow.servlet.spec.HttpServletRequestImpl";
        /** Room for a request sent ahead of the answer; what does not fit stays in the socket for Undertow. */
        private static final int READ_SIZE = 4096;

        static boolean serves(HttpServletRequest request) {
            return containersOwn(request).getClass().getName().equals(REQUEST);
        }

        /**
         * Undertow's own request object. RESTEasy hands a resource a proxy of it, but the poll's
         * asynchronous context (started for {@code @Suspended}) holds the request itself, which a
         * filter may have wrapped.
         */
        private static ServletRequest containersOwn(HttpServletRequest request) {
            ServletRequest own =
                    request.isAsyncStarted() ? request.getAsyncContext().getRequest() : request;
            while (own instanceof ServletRequestWrapper wrapper) {
                own = wrapper.getRequest();
            }
            return own;
        }

        static Undertow of(HttpServletRequest request) throws ReflectiveOperationException {
            Class<?> requestType = containersOwn(request).getClass();
            // Undertow's servlet module sees its core and XNIO, which the WAR need not see.
            ClassLoader loader = requestType.getClassLoader();
            Class<?> exchange = Class.forName("io.undertow.server.HttpServerExchange", false, loader);
            Class<?> http1Connection =
                    Class.forName("io.undertow.server.protocol.http.HttpServerConnection", false, loader);
            Class<?> streamConnection = Class.forName("org.xnio.StreamConnection", false, loader);
            Class<?> sourceChannel = Class.forName("org.xnio.conduits.ConduitStreamSourceChannel", false, loader);
            Class<?> channelListener = Class.forName("org.xnio.ChannelListener", false, loader);
            Class<?> pooledBuffer = Class.forName("io.undertow.connector.PooledByteBuffer", false, loader);
            Class<?> heldBytes = Class.forName("io.undertow.util.ImmediatePooledByteBuffer", false, loader);
            return new Undertow(
                    requestType.getMethod("getExchange"),
                    exchange.getMethod("getConnection"),
                    exchange.getMethod("isRequestComplete"),
                    http1Connection,
                    http1Connection.getMethod("getChannel"),
                    streamConnection.getMethod("getSourceChannel"),
                    http1Connection.getMethod("getExtraBytes"),
                    http1Connection.getMethod("ungetRequestBytes", pooledBuffer),
                    heldBytes.getConstructor(ByteBuffer.class),
                    http1Connection.getMethod("close"),
                    channelListener,
                    sourceChannel.getMethod("getReadListener"),
                    sourceChannel.getMethod("setReadListener", channelListener),
                    sourceChannel.getMethod("resumeReads"),
                    sourceChannel.getMethod("suspendReads"),
                    sourceChannel.getMethod("read", ByteBuffer.class));
        }

        @Override
        public Runnable watch(HttpServletRequest request, Runnable onClose, ScheduledExecutorService readsLater)
                throws ReflectiveOperationException {
            Object httpExchange = exchange.invoke(containersOwn(request));
            Object httpConnection = connection.invoke(httpExchange);
            if (!http1Connection.isInstance(httpConnection) // HTTP/2, read all the time already; or AJP
                    || !(boolean) requestComplete.invoke(httpExchange) // a body still unread is the application's
                    || extraBytes.invoke(httpConnection) != null) { // the client's next request came already
                return NOT_WATCHED;
            }
            var watch = new Watch(httpConnection, sourceChannel.invoke(channel.invoke(httpConnection)), onClose);
            watch.startReading();
            return watch;
        }

        /** One poll's watch of its connection; run, it stops (once the poll ended, before its answer). */
        private final class Watch implements Runnable {

            private final Object connection;
            private final Object source;
            private final Runnable onClose;
            private final Object listener;
            /** Undertow's own read listener of the connection, put back when the watch stops reading. */
            private Object undertows;

            private boolean reading;

            Watch(Object connection, Object source, Runnable onClose) {
                this.connection = connection;
                this.source = source;
                this.onClose = onClose;
                this.listener = Proxy.newProxyInstance(
                        channelListener.getClassLoader(),
                        new Class<?>[] {channelListener},
                        (proxy, method, args) -> switch (method.getName()) {
                            case "handleEvent" -> {
                                readable();
                                yield null;
                            }
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "longpoll's watch of a held poll";
                        });
            }

            synchronized void startReading() throws ReflectiveOperationException {
                undertows = readListener.invoke(source);
                setReadListener.invoke(source, listener);
                reading = true;
                try {
                    resumeReads.invoke(source);
                } catch (ReflectiveOperationException e) {
                    stopReading();
                    throw e;
                }
            }

            /** On the connection's I/O thread: it has something to read, or has ended. */
            private void readable() {
                synchronized (this) {
                    if (!reading) {
                        return; // the watch stopped while this event was on its way
                    }
                    ByteBuffer bytes = ByteBuffer.allocate(READ_SIZE);
                    int count;
                    try {
                        count = (int) read.invoke(source, bytes);
                    } catch (InvocationTargetException reset) {
                        count = -1; // an IOException: the connection was reset
                    } catch (ReflectiveOperationException e) {
                        stopReading();
                        return;
                    }
                    if (count == 0) {
                        return;
                    }
                    stopReading();
                    if (count > 0) {
                        handBack(bytes.flip());
                        return;
                    }
                }
                // Ends the poll first, so that the close's end of the exchange meets a poll that left.
                onClose.run();
                try {
                    close.invoke(connection);
                } catch (ReflectiveOperationException e) {
                    // Closed already.
                }
            }

            /** The client's next request, sent ahead of the answer: Undertow reads it once the answer is written. */
            private void handBack(ByteBuffer request) {
                try {
                    ungetRequestBytes.invoke(connection, heldBytes.newInstance(request));
                } catch (ReflectiveOperationException e) {
                    // The connection is gone.
                }
            }

            @Override
            public synchronized void run() {
                stopReading();
            }

            /** Suspends reads and gives the connection back to Undertow's listener, once. */
            private void stopReading() {
                if (!reading) {
                    return;
                }
                reading = false;
                try {
                    suspendReads.invoke(source);
                    setReadListener.invoke(source, undertows);
                } catch (ReflectiveOperationException e) {
                    // The connection is gone.
                }
            }
        }
    }
}
