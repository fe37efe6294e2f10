package dev.pyembed.spring.module;

import dev.pyembed.spring.TestRuntime;
import dev.pyembed.spring.autoconfigure.PythonAutoConfiguration;
import dev.pyembed.spring.module.broken.keywordonly.KeywordOnly;
import dev.pyembed.spring.module.broken.keywords.UnknownKeyword;
import dev.pyembed.spring.module.broken.missing.MissingFunction;
import dev.pyembed.spring.module.broken.module.NotImportable;
import dev.pyembed.spring.module.broken.notcallable.NotCallable;
import dev.pyembed.spring.module.broken.signature.WrongArity;
import dev.pyembed.spring.module.broken.type.UnsupportedType;
import dev.pyembed.spring.module.typed.TypedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A {@code @PythonModule} interface that cannot match its module fails the start, explained by the failure analyzer. */
@ExtendWith(OutputCaptureExtension.class)
class PythonModuleStartupCheckTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class))
            .withPropertyValues(TestRuntime.property(), "pyembed.python-path=classpath:python/");

    @Configuration(proxyBeanMethods = false)
    @EnablePythonModules(basePackageClasses = NotImportable.class)
    static class NotImportableConfiguration {
    }

    @Configuration(proxyBeanMethods = false)
    @EnablePythonModules(basePackageClasses = MissingFunction.class)
    static class MissingFunctionConfiguration {
    }

    @Configuration(proxyBeanMethods = false)
    @EnablePythonModules(basePackageClasses = NotCallable.class)
    static class NotCallableConfiguration {
    }

    @Configuration(proxyBeanMethods = false)
    @EnablePythonModules(basePackageClasses = WrongArity.class)
    static class WrongArityConfiguration {
    }

    @Configuration(proxyBeanMethods = false)
    @EnablePythonModules(basePackageClasses = KeywordOnly.class)
    static class KeywordOnlyConfiguration {
    }

    @Configuration(proxyBeanMethods = false)
    @EnablePythonModules(basePackageClasses = UnknownKeyword.class)
    static class UnknownKeywordConfiguration {
    }

    @Configuration(proxyBeanMethods = false)
    @EnablePythonModules(basePackageClasses = UnsupportedType.class)
    static class UnsupportedTypeConfiguration {
    }

    /** The auto-configuration packages hold a broken interface, but @EnablePythonModules chose another package. */
    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = MissingFunction.class)
    @EnablePythonModules(basePackageClasses = TypedModel.class)
    static class ExplicitPackagesConfiguration {
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(PythonAutoConfiguration.class)
    @EnablePythonModules(basePackageClasses = WrongArity.class)
    static class WrongArityApplication {
    }

    @Test
    void theAnalyzerIsRegisteredForSpringApplication(CapturedOutput output) {
        SpringApplication application = new SpringApplication(WrongArityApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> application.run("--" + TestRuntime.property(), "--pyembed.python-path=classpath:python/"))
                .isInstanceOf(RuntimeException.class);
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains(WrongArity.class.getName() + ".two calls typed_broken.two() with 1 positional argument")
                .contains("Action:").contains("as many parameters as typed_broken.two()");
    }

    @Test
    void aModuleThatCannotBeImported() {
        FailureAnalysis analysis = analyze(NotImportableConfiguration.class, PythonModuleException.Kind.MODULE_NOT_IMPORTABLE);
        assertThat(analysis.getDescription()).startsWith("@PythonModule(\"typed_raises\") on " + NotImportable.class.getName()
                        + ": the module cannot be imported: ImportError: typed_raises is broken on purpose")
                .contains("Traceback");
        assertThat(analysis.getAction()).contains("typed_raises").contains("pyembed.python-path")
                .contains(NotImportable.class.getName());
    }

    @Test
    void aMissingFunction() {
        FailureAnalysis analysis = analyze(MissingFunctionConfiguration.class, PythonModuleException.Kind.FUNCTION_MISSING);
        assertThat(analysis.getDescription()).isEqualTo(MissingFunction.class.getName() + ".three calls"
                + " typed_broken.three(), but module 'typed_broken' has no attribute 'three'");
        assertThat(analysis.getAction()).contains("three()").contains("@PythonFunction").contains(MissingFunction.class.getName());
    }

    @Test
    void anAttributeThatIsNotCallable() {
        FailureAnalysis analysis = analyze(NotCallableConfiguration.class, PythonModuleException.Kind.NOT_CALLABLE);
        assertThat(analysis.getDescription()).isEqualTo(NotCallable.class.getName() + ".threshold calls"
                + " typed_broken.threshold(), but typed_broken.threshold is a float, not callable");
    }

    @Test
    void tooFewParametersForThePythonSignature() {
        FailureAnalysis analysis = analyze(WrongArityConfiguration.class, PythonModuleException.Kind.SIGNATURE_MISMATCH);
        assertThat(analysis.getDescription()).isEqualTo(WrongArity.class.getName() + ".two calls typed_broken.two()"
                + " with 1 positional argument, but def two(a, b) cannot take them: missing a required argument: 'b'");
        assertThat(analysis.getAction()).contains("*args");
    }

    @Test
    void aRequiredKeywordOnlyParameterCannotBeFilled() {
        FailureAnalysis analysis = analyze(KeywordOnlyConfiguration.class, PythonModuleException.Kind.SIGNATURE_MISMATCH);
        assertThat(analysis.getDescription()).contains(KeywordOnly.class.getName() + ".keywordOnly calls typed_broken.keyword_only()")
                .contains("def keyword_only(a, *, strict)").contains("'strict'");
    }

    @Test
    void aKeywordThePythonFunctionDoesNotTake() {
        FailureAnalysis analysis = analyze(UnknownKeywordConfiguration.class, PythonModuleException.Kind.SIGNATURE_MISMATCH);
        assertThat(analysis.getDescription()).isEqualTo(UnknownKeyword.class.getName() + ".keywordOnly calls"
                + " typed_broken.keyword_only() with 1 positional argument and the keywords [strict, verbose], but def"
                + " keyword_only(a, *, strict) cannot take them: got an unexpected keyword argument 'verbose'");
    }

    @Test
    void aReturnTypeWithoutAConversion() {
        FailureAnalysis analysis = analyze(UnsupportedTypeConfiguration.class, PythonModuleException.Kind.UNSUPPORTED_TYPE);
        assertThat(analysis.getDescription()).startsWith(UnsupportedType.class.getName() + ".two (typed_broken.two)"
                + " declares the return type java.time.LocalDate: java.time.LocalDate has no conversion from Python");
    }

    @Test
    void enablePythonModulesReplacesTheScanOfTheAutoConfigurationPackages() {
        runner.withUserConfiguration(ExplicitPackagesConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(TypedModel.class).doesNotHaveBean(MissingFunction.class);
            assertThat(context.getBean(TypedModel.class).add(2, 3)).isEqualTo(5L);
        });
    }

    @Test
    void withALazyStartTheCheckRunsAtTheFirstCall() {
        runner.withUserConfiguration(MissingFunctionConfiguration.class).withPropertyValues("pyembed.lazy-start=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    MissingFunction missing = context.getBean(MissingFunction.class);
                    assertThatThrownBy(() -> missing.two(1, 2)).isInstanceOfSatisfying(PythonModuleException.class, e -> {
                        assertThat(e.kind()).isEqualTo(PythonModuleException.Kind.FUNCTION_MISSING);
                        assertThat(e.function()).isEqualTo("three");
                    });
                });
    }

    private FailureAnalysis analyze(Class<?> configuration, PythonModuleException.Kind kind) {
        AtomicReference<FailureAnalysis> analysis = new AtomicReference<>();
        runner.withUserConfiguration(configuration).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis result = new PythonModuleFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(result).as("PythonModuleFailureAnalyzer recognised " + context.getStartupFailure()).isNotNull();
            assertThat(((PythonModuleException) result.getCause()).kind()).isEqualTo(kind);
            analysis.set(result);
        });
        return analysis.get();
    }
}
