package longpoll.poll.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Sees a held poll's client close its connection, where the server lets it be seen, so that the
 * poll ends at once instead of taking messages for nobody until its timeout.
 *
 * <p>Neither JAX-RS ({@code ConnectionCallback}) nor the Servlet API ({@code AsyncListener}) tells
 * of it on Payara or WildFly: their HTTP layers stop reading a connection while its request is
 * suspended, so a close is noticed only when the answer is written. On Payara this class reaches
 * the request's Grizzly connection (no public API leads there, hence reflection), turns reading
 * back on, which makes Grizzly notice a close at once, and listens for it. Reading a held poll's
 * connection is safe because an HTTP client sends nothing more on it before its answer; its next
 * request on the same connection is read as usual after the answer. Elsewhere (WildFly) nothing
 * is watched, and a newer poll of the client still supersedes the one it left behind.
 */
@ApplicationScoped
public class ClientConnections {

    private static final Logger LOG = System.getLogger(ClientConnections.class.getName());
    private static final Runnable NOT_WATCHED = () -> {};

    private volatile Grizzly grizzly;
    private volatile boolean unsupported;

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
            return found.watch(request, onClose);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsupported = true;
            LOG.log(Level.INFO, "This server does not let longpoll see a waiting client leave ({0}): a poll it "
                    + "left ends when a newer poll of its client comes, or at its timeout", e.toString());
            return NOT_WATCHED;
        }
    }

    /** Payara's path from a servlet request to its Grizzly connection, looked up once. */
    private record Grizzly(Field catalinaRequest, Method grizzlyRequest, Method context, Method connection,
            Class<?> closeListener, Method addCloseListener, Method removeCloseListener, Method enableEvent,
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
            return new Grizzly(catalinaRequest, grizzlyRequest, context, connection, closeListener,
                    connectionType.getMethod("addCloseListener", closeListener),
                    connectionType.getMethod("removeCloseListener", closeListener),
                    connectionType.getMethod("enableIOEvent", ioEvent),
                    ioEvent.getField("READ").get(null));
        }

        Runnable watch(HttpServletRequest request, Runnable onClose) throws ReflectiveOperationException {
            Object catalina = catalinaRequest.get(request);
            Object grizzlyConnection = connection.invoke(context.invoke(grizzlyRequest.invoke(catalina)));
            Object listener = Proxy.newProxyInstance(closeListener.getClassLoader(), new Class<?>[] {closeListener},
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
            enableEvent.invoke(grizzlyConnection, readEvent);
            return () -> {
                try {
                    removeCloseListener.invoke(grizzlyConnection, listener);
                } catch (ReflectiveOperationException e) {
                    // The connection is gone with its listeners.
                }
            };
        }
    }
}
