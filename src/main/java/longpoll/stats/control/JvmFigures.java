package longpoll.stats.control;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/** The JVM's own figures in a registry (Micrometer's binders): memory, GC, threads, CPU, classes, uptime. */
final class JvmFigures implements AutoCloseable {

    private static final Logger LOG = System.getLogger(JvmFigures.class.getName());

    /** Null when the GC figures were left out. */
    private final JvmGcMetrics gc;

    private JvmFigures(JvmGcMetrics gc) {
        this.gc = gc;
    }

    static JvmFigures bindTo(MeterRegistry registry) {
        var binders = new ArrayList<MeterBinder>(List.of(
                new JvmMemoryMetrics(),
                new JvmThreadMetrics(),
                new ProcessorMetrics(),
                new ClassLoaderMetrics(),
                new UptimeMetrics()));
        JvmGcMetrics gc = null;
        if (gcNotificationsVisible()) {
            gc = new JvmGcMetrics();
            binders.add(gc);
        } else {
            LOG.log(
                    Level.WARNING,
                    "No GC metrics: this application cannot see com.sun.management (on WildFly,"
                            + " WEB-INF/jboss-deployment-structure.xml gives it the jdk.management module)");
        }
        binders.forEach(binder -> binder.bindTo(registry));
        return new JvmFigures(gc);
    }

    /**
     * The GC figures listen to the JVM's GC notifications: left registered, they would keep this
     * application's classes loaded after an undeploy.
     */
    @Override
    public void close() {
        if (gc != null) {
            gc.close();
        }
    }

    /**
     * Whether the GC binder's listener can read the JVM's GC notifications from here. Micrometer
     * checks with the JDK's class loader, which sees them even where the server hides them from
     * the application; bound anyway, the listener would throw in the JVM's notification thread at
     * every collection, and the JVM would skip the listeners after it, other applications' too.
     */
    private static boolean gcNotificationsVisible() {
        try {
            Class.forName(
                    "com.sun.management.GarbageCollectionNotificationInfo", false, JvmFigures.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError hidden) {
            return false;
        }
    }
}
