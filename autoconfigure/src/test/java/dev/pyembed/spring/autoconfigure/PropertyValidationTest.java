package dev.pyembed.spring.autoconfigure;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import dev.pyembed.PythonEngine;
import dev.pyembed.spring.TestRuntime;
import dev.pyembed.spring.watchdog.GilWatchdogAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.pyembed.spring.TestRuntime.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every bad {@code pyembed.*} value fails the start with one failure analysis (no nested stack traces) that names
 * the property and what to change; values that look odd but are meant work.
 */
@ExtendWith(OutputCaptureExtension.class)
class PropertyValidationTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"pyembed.shutdown-timeout", "pyembed.gil.acquire-timeout", "pyembed.gil.hold-warning",
            "pyembed.observability.health-timeout", "pyembed.observability.snapshot-timeout",
            "pyembed.observability.stats-timeout", "pyembed.observability.hold-warning-interval"})
    void aNegativeDurationIsRefused(String property, CapturedOutput output) {
        String report = startFailure(output, "--" + property + "=-5s");
        assertThat(report).contains("Invalid value for " + property + ": '-5s'")
                .contains(property + " must not be negative, was PT-5S").contains("Action:");
    }

    @Test
    void aJavaCallerQueueOfZeroIsRefused(CapturedOutput output) {
        assertThat(startFailure(output, "--pyembed.gil.java-caller-queue=0ms"))
                .contains("pyembed.gil.java-caller-queue must be positive");
    }

    @Test
    void aCallDeadlineOfZeroIsRefused(CapturedOutput output) {
        assertThat(startFailure(output, "--pyembed.gil.call-deadline=0s"))
                .contains("pyembed.gil.call-deadline must be positive");
    }

    @Test
    void aNegativeInterpreterCountIsRefused(CapturedOutput output) {
        assertThat(startFailure(output, "--pyembed.interpreters.size=-1"))
                .contains("pyembed.interpreters.size must be 0 (none) or more, was -1");
    }

    @Test
    void anUnknownLoggingLevelIsRefusedNamingTheLevels(CapturedOutput output) {
        assertThat(startFailure(output, "--pyembed.logging.level=LOUD"))
                .contains("Invalid value for pyembed.logging.level: 'LOUD'")
                .contains("DEBUG, INFO, WARNING, ERROR, CRITICAL or a number");
    }

    @Test
    void anUnknownRuntimeListsTheChoicesInLowerCase(CapturedOutput output) {
        String report = startFailure(output, "--pyembed.runtime=conda");
        assertThat(report).contains("Invalid value for pyembed.runtime: 'conda'")
                .contains("Set pyembed.runtime to one of: auto, embedded, system, path")
                .doesNotContain("EMBEDDED");
    }

    @Test
    void anUnknownNativeBackendListsTheChoicesInLowerCase(CapturedOutput output) {
        assertThat(startFailure(output, "--pyembed.native-backend=jni"))
                .contains("Set pyembed.native-backend to one of: auto, ffm, jna");
    }

    @Test
    void aClasspathPythonPathThatMatchesNothingIsOneFailureAnalysis(CapturedOutput output) {
        String report = startFailure(output, "--pyembed.python-path=classpath:nothing-here/");
        assertThat(report).contains("pyembed.python-path[0]=classpath:nothing-here/ matches no files on the class path")
                .contains("Point pyembed.python-path[0] at a folder that holds Python files");
    }

    @Test
    void aStartupScriptWithASyntaxErrorShowsWhere(CapturedOutput output) throws IOException {
        Path script = Files.writeString(temp.resolve("broken.py"), "x = 1\ndef f(:\n    pass\n");
        String report = startFailure(output, "--pyembed.scripts=" + script.toUri());
        assertThat(report).contains("SyntaxError").contains("line 2").contains("def f(:").contains("^")
                .contains("Fix the script");
    }

    @Test
    void aStartupScriptGivenAsAnAbsolutePathRuns() throws IOException {
        Path script = Files.writeString(temp.resolve("init.py"), "from_absolute_path = 'yes'\n");
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class))
                .withPropertyValues(TestRuntime.property(), "pyembed.scripts=" + script.toAbsolutePath())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(eval(context.getBean(PythonEngine.class), "from_absolute_path")).isEqualTo("yes");
                });
    }

    @Test
    void theIdeDescriptionsHaveNoJavadocMarkupAndTheChoicesHaveHints() throws IOException {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the configuration processor's metadata").isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        List<String> marked = new ArrayList<>();
        for (JsonNode property : metadata.path("properties")) {
            String description = property.path("description").asString();
            if (description.contains("{@")) {
                marked.add(property.path("name").asString() + ": " + description);
            }
        }
        assertThat(marked).isEmpty();
        List<String> levels = new ArrayList<>();
        List<String> runtimes = new ArrayList<>();
        for (JsonNode hint : metadata.path("hints")) {
            List<String> into = switch (hint.path("name").asString()) {
                case "pyembed.logging.level" -> levels;
                case "pyembed.runtime" -> runtimes;
                default -> new ArrayList<>();
            };
            hint.path("values").forEach(value -> into.add(value.path("value").asString()));
        }
        assertThat(levels).containsExactly("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL");
        assertThat(runtimes).containsExactlyInAnyOrder("embedded", "system", "path", "auto");
    }

    /** Runs a real SpringApplication (its failure analyzers included) and returns what it printed. */
    private static String startFailure(CapturedOutput output, String... args) {
        SpringApplication application = new SpringApplication(PythonApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        boolean ownRuntime = args[0].startsWith("--pyembed.runtime=");
        String[] all = new String[args.length + (ownRuntime ? 0 : 1)];
        all[0] = "--" + TestRuntime.property();
        System.arraycopy(args, 0, all, ownRuntime ? 0 : 1, args.length);
        int from = output.getAll().length();
        assertThatThrownBy(() -> application.run(all)).isInstanceOf(RuntimeException.class);
        String report = output.getAll().substring(from);
        assertThat(report).contains("APPLICATION FAILED TO START")
                .as("one failure analysis, no stack trace").doesNotContain("\tat org.springframework");
        return report;
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({PythonAutoConfiguration.class, GilWatchdogAutoConfiguration.class})
    static class PythonApplication {
    }
}
