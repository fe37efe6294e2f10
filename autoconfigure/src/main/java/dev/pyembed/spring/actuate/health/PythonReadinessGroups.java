package dev.pyembed.spring.actuate.health;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

import java.util.List;
import java.util.Set;

/**
 * The application's health groups, with the {@code python} contributor added to the {@code readiness} group:
 * while Python cannot serve, the application should not get traffic. Everything else is the original's
 * (including the additional paths such as {@code /readyz}).
 */
final class PythonReadinessGroups implements HealthEndpointGroups, AdditionalPathsMapper {

    static final String READINESS = "readiness";

    private final HealthEndpointGroups groups;
    private final String contributor;

    PythonReadinessGroups(HealthEndpointGroups groups, String contributor) {
        this.groups = groups;
        this.contributor = contributor;
    }

    @Override
    public HealthEndpointGroup getPrimary() {
        return groups.getPrimary();
    }

    @Override
    public Set<String> getNames() {
        return groups.getNames();
    }

    @Override
    public @Nullable HealthEndpointGroup get(String name) {
        HealthEndpointGroup group = groups.get(name);
        return group != null && READINESS.equals(name) ? new WithMember(group, contributor) : group;
    }

    @Override
    public @Nullable List<String> getAdditionalPaths(EndpointId endpointId, WebServerNamespace webServerNamespace) {
        return groups instanceof AdditionalPathsMapper mapper ? mapper.getAdditionalPaths(endpointId, webServerNamespace) : null;
    }

    /** A group with one more member. */
    private record WithMember(HealthEndpointGroup group, String member) implements HealthEndpointGroup {

        @Override
        public boolean isMember(String name) {
            return member.equals(name) || group.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return group.showComponents(securityContext);
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return group.showDetails(securityContext);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return group.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return group.getHttpCodeStatusMapper();
        }

        @Override
        public @Nullable AdditionalHealthEndpointPath getAdditionalPath() {
            return group.getAdditionalPath();
        }
    }
}
