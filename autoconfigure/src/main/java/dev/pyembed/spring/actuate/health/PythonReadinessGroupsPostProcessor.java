package dev.pyembed.spring.actuate.health;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.core.env.Environment;

import java.util.List;

/**
 * Makes the {@code python} health contributor a member of the {@code readiness} group (the group Kubernetes'
 * readiness probe reads, {@code /actuator/health/readiness}), unless
 * {@code management.endpoint.health.group.readiness.exclude} names it. It must run after Spring Boot's own
 * post-processor that creates the probe groups; its auto-configuration is ordered after that one's.
 */
public class PythonReadinessGroupsPostProcessor implements HealthEndpointGroupsPostProcessor {

    static final String EXCLUDE = "management.endpoint.health.group.readiness.exclude";

    private final String contributor;
    private final boolean excluded;

    public PythonReadinessGroupsPostProcessor(String contributor, Environment environment) {
        this.contributor = contributor;
        List<String> exclude = Binder.get(environment).bind(EXCLUDE, Bindable.listOf(String.class)).orElse(List.of());
        this.excluded = exclude.contains(contributor) || exclude.contains("*");
    }

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        return excluded ? groups : new PythonReadinessGroups(groups, contributor);
    }
}
