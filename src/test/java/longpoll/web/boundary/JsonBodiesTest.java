package longpoll.web.boundary;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import jakarta.ws.rs.ext.ContextResolver;
import org.junit.jupiter.api.Test;

/**
 * JAX-RS writes the API's bodies with its server's own JSON-B provider: the WAR brings no
 * {@link ContextResolver} for it. Payara Micro's resolver ({@code JaxRSJsonContextResolver})
 * creates the application's resolver classes on the first bodies it writes, without a lock, so
 * two answers of different types written at once on a node that had just started failed with a
 * {@code ConcurrentModificationException}: a {@code 500}, and the message the poll's answer
 * carried was lost.
 */
class JsonBodiesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("longpoll");

    @Test
    void theWarBringsNoContextResolverThatPayaraWouldCreateUnderARace() {
        ArchRuleDefinition.noClasses()
                .should()
                .implement(ContextResolver.class)
                .because("Payara Micro creates an application's resolvers lazily, without a lock")
                .check(MAIN);
    }
}
