package longpoll;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import org.junit.jupiter.api.Test;

/**
 * The components ({@code longpoll.<component>} packages) depend one way: statistics observe the
 * others' events, and only the web boundary knows HTTP statuses.
 */
class ComponentsTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("longpoll");

    @Test
    void componentsHaveNoCycle() {
        slices().matching("longpoll.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void pollAndQueueCodeIsNotCalledBackByStatistics() {
        ArchRuleDefinition.noClasses()
                .that()
                .resideInAnyPackage(
                        "longpoll.poll..", "longpoll.queue..", "longpoll.send..", "longpoll.access..", "longpoll.web..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("longpoll.stats..")
                .check(MAIN);
    }

    @Test
    void onlyTheWebBoundaryMapsToHttpStatuses() {
        ArchRuleDefinition.noClasses()
                .that()
                .resideOutsideOfPackage("longpoll.web..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("jakarta.ws.rs.core.Response$Status")
                .check(MAIN);
    }
}
