package dev.pyembed.spring;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The Spring module's layout: the wiring reads properties and builds; what it builds does not reach back. */
class SpringArchitectureTest {

    private final JavaClasses spring = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.pyembed.spring");

    @Test
    void theEngineInSpringKnowsNothingOfTheWiring() {
        noClasses().that().resideInAPackage("dev.pyembed.spring.engine..")
                .should().dependOnClassesThat().resideInAPackage("dev.pyembed.spring.autoconfigure..")
                .check(spring);
    }

    @Test
    void theModuleUsesNoMachineryOfTheCore() {
        // The starter is built on pyembed's API only: dev.pyembed.internal may change in any release.
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.pyembed.internal..")
                .check(spring);
    }
}
