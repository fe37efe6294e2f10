package dev.pyembed;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class ArchitectureTest {

    private final JavaClasses core = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.pyembed");

    @Test
    void coreKnowsNothingOfSpringOrMicrometer() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.micrometer..")
                .check(core);
    }

    @Test
    void onlyTheCApiBindingTouchesANativeBackend() {
        noClasses().that().resideOutsideOfPackage("dev.pyembed.internal.capi..")
                .should().dependOnClassesThat().resideInAnyPackage("com.sun.jna..", "java.lang.foreign..")
                .check(core);
    }
}
