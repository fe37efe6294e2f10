package dev.pyembed;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.pyembed.internal.engine.ApiAccess;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

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
    void theCApiHasNoFunctionThatCanExitTheProcessOrPrintInsteadOfRaising() {
        // PyRun_Simple* and PyErr_Print turn SystemExit into a process exit (and print instead of raising).
        assertThat(java.util.Arrays.stream(dev.pyembed.internal.capi.CApi.class.getMethods()).map(java.lang.reflect.Method::getName))
                .noneMatch(name -> name.startsWith("PyRun_Simple") || name.startsWith("PyErr_Print"));
    }

    @Test
    void onlyTheCApiBindingTouchesANativeBackend() {
        noClasses().that().resideOutsideOfPackage("dev.pyembed.internal.capi..")
                .should().dependOnClassesThat().resideInAnyPackage("com.sun.jna..", "java.lang.foreign..")
                .check(core);
    }

    @Test
    void theApiPackageHoldsOnlyApi() {
        // The machinery lives in dev.pyembed.internal.*; the one exception is the bridge that lets it reach the API
        // types' package-private members.
        classes().that().resideInAPackage("dev.pyembed").and().areTopLevelClasses()
                .and().doNotHaveSimpleName("InternalAccess").and().doNotHaveSimpleName("package-info")
                .should().bePublic()
                .check(core);
    }

    @Test
    void theInternalPackagesFormNoCycles() {
        slices().matching("dev.pyembed.internal.(*)..").should().beFreeOfCycles().check(core);
    }

    @Test
    void theCApiAndTheRuntimesKnowNothingOfTheEngine() {
        noClasses().that().resideInAnyPackage("dev.pyembed.internal.capi..", "dev.pyembed.internal.runtime..")
                .should().dependOnClassesThat().resideInAPackage("dev.pyembed.internal.engine..")
                .check(core);
    }

    @Test
    void onlyTheEngineInstallsTheApiBridge() {
        noClasses().that().doNotHaveFullyQualifiedName(PythonEngine.class.getName())
                .should().callMethod(ApiAccess.class, "install", ApiAccess.class)
                .check(core);
    }

    @Test
    void gilTokensAreMintedOnlyWhereTheGilIsTaken() {
        // A GilHeld unlocks the C API's "GIL held" functions: only the code that has just taken the GIL makes one
        // (and ThreadStates, in GilHeld's own package, when a scope takes it).
        Class<?> token = dev.pyembed.internal.gil.GilHeld.class;
        Class<?> api = dev.pyembed.internal.capi.CApi.class;
        noClasses().that().doNotHaveFullyQualifiedName("dev.pyembed.internal.engine.MainInterpreter")
                .should().callMethod(token, "forInitializingThread", api).check(core); // the lifecycle thread
        noClasses().that().doNotHaveFullyQualifiedName("dev.pyembed.internal.interp.InterpreterWorker")
                .and().doNotHaveFullyQualifiedName(SubInterpreter.class.getName())
                .should().callMethod(token, "forSubInterpreterThread", api).check(core); // a sub-interpreter's thread
        noClasses().that().doNotHaveFullyQualifiedName("dev.pyembed.internal.engine.NativeFunctions")
                .should().callMethod(token, "forUpcall", api).check(core); // Python calling a Java body
    }

    @Test
    void aGilTokenCannotGiveTheGilAway() {
        // GilHeld.api() is a CApi: the calls that release the GIL or switch thread states are in ThreadSwitchApi only.
        java.util.Set<String> gilHeld = java.util.Arrays.stream(dev.pyembed.internal.capi.CApi.class.getMethods())
                .map(java.lang.reflect.Method::getName).collect(java.util.stream.Collectors.toSet());
        assertThat(java.util.Arrays.stream(dev.pyembed.internal.capi.ThreadSwitchApi.class.getMethods())
                .map(java.lang.reflect.Method::getName)).contains("PyEval_SaveThread", "PyEval_RestoreThread")
                .noneMatch(gilHeld::contains);
        assertThat(dev.pyembed.internal.capi.ThreadSwitchApi.class.isAssignableFrom(dev.pyembed.internal.capi.CApi.class))
                .as("CApi does not extend ThreadSwitchApi").isFalse();
    }
}
