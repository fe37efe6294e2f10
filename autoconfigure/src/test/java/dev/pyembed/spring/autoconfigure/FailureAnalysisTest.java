package dev.pyembed.spring.autoconfigure;

import dev.pyembed.PythonEngine;
import dev.pyembed.spring.TestRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each start failure gets a description saying what happened and an action naming the property to set. */
@ExtendWith(OutputCaptureExtension.class)
class FailureAnalysisTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class))
            .withPropertyValues(TestRuntime.property());

    @TempDir
    Path temp;

    @Test
    void noLibpythonAtTheConfiguredPath() {
        Path missing = temp.resolve("lib/libpython3.12.so");
        FailureAnalysis analysis = analyzeStartFailure("pyembed.runtime=path", "pyembed.library=" + missing);
        assertThat(analysis.getDescription()).startsWith("The Python engine could not start: pyembed.library=" + missing
                        + " does not exist")
                .contains("pyembed.runtime=path").contains("pyembed.library=" + missing).contains("pyembed.venv=(not set)");
        assertThat(analysis.getAction()).contains("pyembed.library").doesNotContain(" -- ");
    }

    @Test
    void aHomeWithoutAStandardLibrary() {
        AtomicReference<Path> library = new AtomicReference<>();
        runner.run(context -> library.set(context.getBean(PythonEngine.class).runtime().library()));
        Path emptyHome = temp.resolve("empty-home");
        FailureAnalysis analysis = analyzeStartFailure("pyembed.runtime=path", "pyembed.library=" + library.get(),
                "pyembed.home=" + emptyHome);
        assertThat(analysis.getDescription()).contains(emptyHome.toString()).contains("standard library")
                .contains("pyembed.home=" + emptyHome);
        assertThat(analysis.getAction()).contains("pyembed.home");
    }

    @Test
    void aFolderThatIsNotAVirtualenv() {
        FailureAnalysis analysis = analyzeStartFailure("pyembed.runtime=path", "pyembed.venv=" + temp);
        assertThat(analysis.getDescription()).contains(temp.toString()).contains("pyembed.venv=" + temp);
        assertThat(analysis.getAction()).contains("pyembed.venv");
    }

    @Test
    void aStartupScriptThatRaised() {
        FailureAnalysis analysis = analyzeTaskFailure("pyembed.scripts=classpath:scripts/started.py,classpath:scripts/fail.py");
        assertThat(analysis.getDescription())
                .startsWith("Python startup script classpath:scripts/fail.py (pyembed.scripts[1]) raised ValueError: broken on purpose")
                .contains("Traceback").contains("File \"classpath:scripts/fail.py\", line 2, in configure");
        assertThat(analysis.getAction()).contains("classpath:scripts/fail.py").contains("pyembed.scripts[1]");
    }

    @Test
    void aStartupScriptThatDoesNotExist() {
        FailureAnalysis analysis = analyzeTaskFailure("pyembed.scripts=classpath:scripts/nope.py");
        assertThat(analysis.getDescription()).isEqualTo("Python startup script classpath:scripts/nope.py (pyembed.scripts[0]) does not exist");
        assertThat(analysis.getAction()).contains("pyembed.scripts[0]");
    }

    @Test
    void aStartupModuleThatCannotBeImported() {
        FailureAnalysis analysis = analyzeTaskFailure("pyembed.modules=json,no_such_module");
        assertThat(analysis.getDescription()).startsWith("Python module 'no_such_module' (pyembed.modules[1]) could not be imported:"
                + " ModuleNotFoundError: No module named 'no_such_module'");
        assertThat(analysis.getAction()).contains("pyembed.python-path").contains("pyembed.venv").contains("pyembed.modules[1]");
    }

    @Test
    void afterAFailedStartupScriptTheEngineIsClosed() {
        AtomicReference<PythonEngine> engine = new AtomicReference<>();
        runner.withPropertyValues("pyembed.scripts=classpath:scripts/fail.py").withInitializer(context ->
                        context.getBeanFactory().addBeanPostProcessor(new org.springframework.beans.factory.config.BeanPostProcessor() {
                            @Override
                            public Object postProcessAfterInitialization(Object bean, String beanName) {
                                if (bean instanceof PythonEngine created) {
                                    engine.set(created);
                                }
                                return bean;
                            }
                        }))
                .run(context -> assertThat(context).hasFailed());
        assertThat(engine.get().state()).isEqualTo(dev.pyembed.EngineState.STOPPED);
    }

    @Test
    void theAnalyzersAreRegisteredForSpringApplication(CapturedOutput output) {
        SpringApplication application = new SpringApplication(FailingApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> application.run("--" + TestRuntime.property(), "--pyembed.modules=no_such_module"))
                .isInstanceOf(RuntimeException.class);
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Python module 'no_such_module' (pyembed.modules[0]) could not be imported")
                .contains("Action:").contains("pyembed.python-path");
    }

    private FailureAnalysis analyzeStartFailure(String... properties) {
        AtomicReference<FailureAnalysis> analysis = new AtomicReference<>();
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            MockEnvironment environment = new MockEnvironment();
            for (String property : properties) {
                environment.setProperty(property.substring(0, property.indexOf('=')), property.substring(property.indexOf('=') + 1));
            }
            analysis.set(new PythonStartFailureAnalyzer(environment).analyze(context.getStartupFailure()));
        });
        assertThat(analysis.get()).as("PythonStartFailureAnalyzer recognised the failure").isNotNull();
        return analysis.get();
    }

    private FailureAnalysis analyzeTaskFailure(String... properties) {
        AtomicReference<FailureAnalysis> analysis = new AtomicReference<>();
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalyzer analyzer = new PythonStartupTaskFailureAnalyzer();
            analysis.set(analyzer.analyze(context.getStartupFailure()));
        });
        assertThat(analysis.get()).as("PythonStartupTaskFailureAnalyzer recognised the failure").isNotNull();
        return analysis.get();
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(PythonAutoConfiguration.class)
    static class FailingApplication {
    }
}
