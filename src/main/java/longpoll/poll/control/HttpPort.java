package longpoll.poll.control;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * The node's HTTP port, which a stopping node closes itself on Payara: the setting that
 * payara-config opens it with once the WAR is deployed ({@code http-listener}'s {@code enabled}),
 * set back by the server's own admin command, run inside it. That closes every connection on the
 * port too. The WAR has no compile-time view of the server, hence reflection, looked up at the
 * start so that nothing is left to load at SIGTERM. WildFly closes its port itself as it stops.
 */
final class HttpPort {

    private static final String CLOSED =
            "configs.config.server-config.network-config.network-listeners.network-listener.http-listener.enabled=false";

    /** Payara's {@code org.glassfish.embeddable.CommandRunner}, and its {@code run(String, String...)}. */
    private final Object commands;

    private final Method run;
    private final Method exitStatus;

    private HttpPort(Object commands, Method run, Method exitStatus) {
        this.commands = commands;
        this.run = run;
        this.exitStatus = exitStatus;
    }

    /** Payara's, or none on a server that does not let the WAR close its port. */
    static Optional<HttpPort> ofThisServer() {
        try {
            Class<?> globals = Class.forName("org.glassfish.internal.api.Globals");
            Object services = globals.getMethod("getDefaultBaseServiceLocator").invoke(null);
            Class<?> runner = Class.forName("org.glassfish.embeddable.CommandRunner", true, globals.getClassLoader());
            Object commands = services.getClass()
                    .getMethod("getService", Class.class, Annotation[].class)
                    .invoke(services, runner, new Annotation[0]);
            Method run = runner.getMethod("run", String.class, String[].class);
            return commands == null
                    ? Optional.empty()
                    : Optional.of(
                            new HttpPort(commands, run, run.getReturnType().getMethod("getExitStatus")));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Closes the port, and with it every connection still open on it.
     *
     * @return whether the server says it did
     */
    boolean close() throws ReflectiveOperationException {
        Object result = run.invoke(commands, "set", new String[] {CLOSED});
        return "SUCCESS".equals(String.valueOf(exitStatus.invoke(result)));
    }
}
