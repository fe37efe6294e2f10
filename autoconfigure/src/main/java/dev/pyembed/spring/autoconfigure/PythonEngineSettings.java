package dev.pyembed.spring.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code pyembed.*} values that build the engine (which CPython, how it initializes and shuts down): two
 * application contexts can share the JVM's engine only when these agree. The per-context properties
 * ({@code pyembed.python-path}, {@code pyembed.modules}, {@code pyembed.scripts}, {@code pyembed.lazy-start},
 * {@code pyembed.gil.acquire-timeout}, ...) may differ. {@code PythonEngineBuilderCustomizer} beans are not
 * compared: the customizers of the context that builds the engine apply.
 */
public final class PythonEngineSettings {

    private final Map<String, String> values;

    private PythonEngineSettings(Map<String, String> values) {
        this.values = values;
    }

    /** The engine-building values of {@code properties}, with the runtime it comes to ({@link DefaultRuntime}). */
    public static PythonEngineSettings of(PythonProperties properties, dev.pyembed.RuntimeSelection runtime) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("pyembed.runtime", lowerCase(runtime));
        values.put("pyembed.library", String.valueOf(properties.getLibrary()));
        values.put("pyembed.home", String.valueOf(properties.getHome()));
        values.put("pyembed.venv", String.valueOf(properties.getVenv()));
        values.put("pyembed.cache-directory", String.valueOf(properties.getCacheDirectory()));
        values.put("pyembed.packages.enabled", String.valueOf(properties.getPackages().isEnabled()));
        values.put("pyembed.use-environment", String.valueOf(properties.isUseEnvironment()));
        values.put("pyembed.native-backend", lowerCase(properties.getNativeBackend()));
        values.put("pyembed.shutdown-timeout", String.valueOf(properties.getShutdownTimeout()));
        values.put("pyembed.gil.java-caller-queue", String.valueOf(properties.getGil().getJavaCallerQueue()));
        values.put("pyembed.gil.call-deadline", String.valueOf(properties.getGil().getCallDeadline()));
        values.put("pyembed.interpreters.size", String.valueOf(properties.getInterpreters().getSize()));
        values.put("pyembed.interpreters.modules", String.valueOf(properties.getInterpreters().getModules()));
        values.put("pyembed.logging.enabled", String.valueOf(properties.getLogging().isEnabled()));
        values.put("pyembed.logging.level", String.valueOf(properties.getLogging().getLevel()));
        values.put("pyembed.output.stdout-logger", String.valueOf(properties.getOutput().getStdoutLogger()));
        values.put("pyembed.output.stderr-logger", String.valueOf(properties.getOutput().getStderrLogger()));
        return new PythonEngineSettings(values);
    }

    private static String lowerCase(Enum<?> value) {
        return value == null ? "null" : value.name().toLowerCase(Locale.ROOT);
    }

    /** One line per property whose value differs: {@code name: this value (engine) / other value (asked for)}. */
    public List<String> differences(PythonEngineSettings other) {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String asked = other.values.get(entry.getKey());
            if (!Objects.equals(entry.getValue(), asked)) {
                differences.add(entry.getKey() + ": " + entry.getValue() + " (engine) / " + asked + " (asked for)");
            }
        }
        return differences;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
