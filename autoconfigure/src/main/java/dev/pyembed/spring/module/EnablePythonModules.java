package dev.pyembed.spring.module;

import org.springframework.context.annotation.Import;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Registers the {@link PythonModule} interfaces of the given packages (default: the annotated class's package) as
 * beans. Without it, pyembed's auto-configuration scans the packages of {@code @SpringBootApplication}; with it (on
 * any configuration class), only the packages it names are scanned, as for Spring Data's {@code @Enable...Repositories}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(PythonModulesRegistrar.class)
public @interface EnablePythonModules {

    /** Packages to scan (alias of {@link #basePackages()}). */
    String[] value() default {};

    /** Packages to scan. */
    String[] basePackages() default {};

    /** Scan the packages of these classes. */
    Class<?>[] basePackageClasses() default {};
}
