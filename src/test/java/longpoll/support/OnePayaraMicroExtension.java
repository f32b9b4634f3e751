package longpoll.support;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Puts {@link OnePayaraMicro} in the place of Payara Micro's adapter, in the test run that has the
 * adapter: the WildFly run has not, and must not load a class that extends it.
 */
public class OnePayaraMicroExtension implements LoadableExtension {

    private static final String ADAPTER =
            "fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer";

    @Override
    public void register(ExtensionBuilder builder) {
        if (getClass().getClassLoader().getResource(ADAPTER.replace('.', '/') + ".class") != null) {
            builder.override(DeployableContainer.class, adapter(), OnePayaraMicro.class);
        }
    }

    @SuppressWarnings("unchecked")
    private Class<? extends DeployableContainer<?>> adapter() {
        try {
            return (Class<? extends DeployableContainer<?>>)
                    Class.forName(ADAPTER, false, getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
