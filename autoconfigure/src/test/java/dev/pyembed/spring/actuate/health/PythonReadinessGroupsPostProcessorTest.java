package dev.pyembed.spring.actuate.health;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.SimpleHttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.SimpleStatusAggregator;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.mock.env.MockEnvironment;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which groups get the python contributor, and what stays as it was. */
class PythonReadinessGroupsPostProcessorTest {

    private final HealthEndpointGroup readiness = new Group(Set.of("readinessState"));
    private final HealthEndpointGroup liveness = new Group(Set.of("livenessState"));
    private final HealthEndpointGroups groups = HealthEndpointGroups.of(new Group(Set.of("*")),
            Map.of("readiness", readiness, "liveness", liveness));

    @Test
    void pythonJoinsTheReadinessGroupOnly() {
        HealthEndpointGroups processed = processor(new MockEnvironment()).postProcessHealthEndpointGroups(groups);
        assertThat(processed.get("readiness").isMember("python")).isTrue();
        assertThat(processed.get("readiness").isMember("readinessState")).isTrue();
        assertThat(processed.get("readiness").isMember("db")).isFalse();
        assertThat(processed.get("liveness").isMember("python")).isFalse();
        assertThat(processed.get("liveness")).isSameAs(liveness);
        assertThat(processed.getNames()).containsExactlyInAnyOrder("readiness", "liveness");
        assertThat(processed.get("readiness").getStatusAggregator()).isSameAs(readiness.getStatusAggregator());
    }

    @Test
    void noReadinessGroupNoChange() {
        HealthEndpointGroups withoutProbes = HealthEndpointGroups.of(new Group(Set.of("*")), Map.of());
        HealthEndpointGroups processed = processor(new MockEnvironment()).postProcessHealthEndpointGroups(withoutProbes);
        assertThat(processed.get("readiness")).isNull();
    }

    @Test
    void excludingPythonFromTheReadinessGroupKeepsItOut() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("management.endpoint.health.group.readiness.exclude", "diskSpace,python");
        assertThat(processor(environment).postProcessHealthEndpointGroups(groups)).isSameAs(groups);
    }

    @Test
    void additionalPathsOfTheOriginalAreKept() {
        AdditionalPathsMapper mapper = (endpointId, namespace) -> List.of("/readyz");
        HealthEndpointGroups withPaths = new GroupsWithPaths(groups, mapper);
        HealthEndpointGroups processed = processor(new MockEnvironment()).postProcessHealthEndpointGroups(withPaths);
        assertThat(processed).isInstanceOf(AdditionalPathsMapper.class);
        assertThat(((AdditionalPathsMapper) processed).getAdditionalPaths(EndpointId.of("health"), WebServerNamespace.SERVER))
                .containsExactly("/readyz");
    }

    private static PythonReadinessGroupsPostProcessor processor(MockEnvironment environment) {
        return new PythonReadinessGroupsPostProcessor("python", environment);
    }

    private record Group(Set<String> members) implements HealthEndpointGroup {
        private static final StatusAggregator AGGREGATOR = new SimpleStatusAggregator();

        @Override
        public boolean isMember(String name) {
            return members.contains("*") || members.contains(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return true;
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return true;
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return AGGREGATOR;
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return new SimpleHttpCodeStatusMapper();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return null;
        }
    }

    private record GroupsWithPaths(HealthEndpointGroups groups, AdditionalPathsMapper mapper)
            implements HealthEndpointGroups, AdditionalPathsMapper {

        @Override
        public HealthEndpointGroup getPrimary() {
            return groups.getPrimary();
        }

        @Override
        public Set<String> getNames() {
            return groups.getNames();
        }

        @Override
        public HealthEndpointGroup get(String name) {
            return groups.get(name);
        }

        @Override
        public List<String> getAdditionalPaths(EndpointId endpointId, WebServerNamespace webServerNamespace) {
            return mapper.getAdditionalPaths(endpointId, webServerNamespace);
        }
    }
}
