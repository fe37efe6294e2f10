package dev.pyembed.sample.actuate;

import dev.pyembed.sample.score.RiskScoringService;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/** {@code riskModel} in {@code /actuator/info}: model version, backend (and why), Python runtime. */
@Component
class RiskModelInfoContributor implements InfoContributor {

    private final RiskScoringService scoring;

    RiskModelInfoContributor(RiskScoringService scoring) {
        this.scoring = scoring;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("riskModel", scoring.describe());
    }
}
