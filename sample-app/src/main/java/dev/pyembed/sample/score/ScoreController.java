package dev.pyembed.sample.score;

import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The risk-scoring API. Errors are RFC 9457 problem details ({@code dev.pyembed.sample.web.ApiExceptionHandler}).
 * Nothing here evaluates code sent by a client: requests carry data, the model is the application's own.
 */
@RestController
@RequestMapping("/api")
class ScoreController {

    private final RiskScoringService scoring;

    ScoreController(RiskScoringService scoring) {
        this.scoring = scoring;
    }

    @PostMapping("/score")
    RiskScore score(@Valid @RequestBody ScoreRequest request) {
        return scoring.score(request);
    }

    @GetMapping("/stats")
    ScoreStats stats() {
        return scoring.stats();
    }

    @GetMapping("/model")
    ModelInfo model() {
        return scoring.describe();
    }
}
