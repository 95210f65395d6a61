package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.contract.FailureTypes;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepStatus;
import org.junit.jupiter.api.Test;

/** Joins (text and structured), when-skips and their propagation, on_result rules. */
class JoinAndConditionTest extends EngineTestBase {

  @Test
  void textJoinIsBlocksInJoinOrderSeparatedByABlankLine() {
    Finished run =
        run(
            """
            name: textjoin
            steps:
              - {id: first, prompt: x, with: {output: "alpha\\nmore"}}
              - {id: second, prompt: y, with: {output: beta}}
              - id: merged
                join: [second, first]
            """);

    assertThat(run.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(step(run.result(), "merged").output())
        .isEqualTo("[second]:\nbeta\n\n[first]:\nalpha\nmore");
    assertThat(step(run.result(), "merged").level()).isEqualTo(1);
  }

  @Test
  void structuredJoinMergesBranchesKeyedById() {
    Finished run =
        run(
            """
            name: structjoin
            steps:
              - {id: scores, prompt: x, with: {output: {score: 3, tags: [a]}}}
              - {id: note, prompt: y, with: {output: "plain text"}}
              - id: merged
                join: [scores, note]
                output_schema:
                  type: object
                  required: [scores, note]
                  properties:
                    scores: {type: object, required: [score]}
              - {id: use, prompt: "score={{ steps.merged.scores.score }}"}
            """);

    assertThat(run.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(step(run.result(), "merged").output())
        .isEqualTo("{\"scores\":{\"score\":3,\"tags\":[\"a\"]},\"note\":\"plain text\"}");
    assertThat(agents.prompts("use")).containsExactly("score=3");
  }

  @Test
  void structuredJoinThatViolatesItsSchemaFailsWithInvalidOutput() {
    Finished run =
        run(
            """
            name: badjoin
            steps:
              - {id: scores, prompt: x, with: {output: "not an object"}}
              - id: merged
                join: [scores]
                output_schema:
                  type: object
                  properties:
                    scores: {type: object}
            """);

    assertThat(run.failureType()).isEqualTo(FailureTypes.PIPELINE_FAILED);
    assertThat(run.failureMessage()).contains("step 'merged' failed").contains("InvalidOutput");
    assertThat(step(run.result(), "merged").status()).isEqualTo(StepStatus.FAILED);
    assertThat(step(run.result(), "merged").error().type()).isEqualTo(FailureTypes.INVALID_OUTPUT);
  }

  @Test
  void skippedBranchIsAbsentFromTheJoin() {
    Finished run =
        run(
            """
            name: skipjoin
            steps:
              - {id: kept, prompt: x, with: {output: here}}
              - {id: gone, prompt: y, when: never}
              - id: merged
                join: [kept, gone]
            """);

    assertThat(run.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(step(run.result(), "gone").reason()).isEqualTo("condition_false");
    assertThat(step(run.result(), "merged").output()).isEqualTo("[kept]:\nhere");
    assertThat(agents.callsOf("gone")).isZero();
  }

  @Test
  void neverConditionOnABranchStillLetsItsStructuredJoinRun() {
    Finished run =
        run(
            """
            name: neverjoin
            steps:
              - {id: real, prompt: x, with: {output: {ok: true}}}
              - {id: dormant, prompt: y, when: never}
              - id: merged
                join: [real, dormant]
                output_schema: {type: object, required: [real]}
            """);

    assertThat(step(run.result(), "merged").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(step(run.result(), "merged").output()).isEqualTo("{\"real\":{\"ok\":true}}");
  }

  @Test
  void skippedStepSkipsItsChainButNotIndependentSteps() {
    Finished run =
        run(
            """
            name: chain
            inputs: {enabled: "no"}
            steps:
              - {id: head, prompt: x, when: "inputs.enabled == 'yes'"}
              - {id: middle, prompt: "{{ steps.head.output }}"}
              - {id: tail, prompt: "{{ steps.middle.output }}"}
              - {id: free, prompt: z}
            """);

    RunResult result = run.result();
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(step(result, "head").reason()).isEqualTo("condition_false");
    assertThat(step(result, "middle").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(step(result, "middle").reason()).isEqualTo("upstream_skipped");
    assertThat(step(result, "tail").reason()).isEqualTo("upstream_skipped");
    assertThat(step(result, "free").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(agents.calls).extracting(c -> c.label()).containsExactly("free");
  }

  @Test
  void onResultAbortOnAJoinStopsTheRun() {
    String id =
        start(
            """
            name: abort
            mode: dataflow
            defaults: {heartbeat_timeout: 2s}
            steps:
              - {id: a, prompt: x, with: {output: {verdict: reject}}}
              - {id: slow, prompt: s, with: {gate: true}}
              - id: review
                join: [a]
                output_schema: {type: object}
                on_result:
                  - {when: "output.a.verdict == 'reject'", action: abort}
                  - {when: always, action: continue}
              - {id: publish, prompt: "{{ steps.review.output }}"}
            """);
    Finished run = await(id);

    assertThat(run.failureType()).isEqualTo(FailureTypes.ABORTED);
    assertThat(run.failureMessage()).contains("step 'review'").contains("on_result rule 1");
    assertThat(step(run.result(), "review").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(step(run.result(), "publish").status()).isEqualTo(StepStatus.CANCELLED);
    assertThat(step(run.result(), "publish").reason()).isEqualTo("aborted");
    assertThat(step(run.result(), "slow").status()).isEqualTo(StepStatus.CANCELLED);
    assertThat(agents.cancelled).containsExactly("slow");
    assertThat(agents.callsOf("publish")).isZero();
  }

  @Test
  void onResultContinueGoesOn() {
    Finished run =
        run(
            """
            name: goon
            steps:
              - {id: a, prompt: x, with: {output: {verdict: accept}}}
              - id: review
                join: [a]
                output_schema: {type: object}
                on_result:
                  - {when: "output.a.verdict == 'reject'", action: abort}
                  - {when: always, action: continue}
              - {id: publish, prompt: "{{ steps.review.a.verdict }}"}
            """);

    assertThat(run.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.prompts("publish")).containsExactly("accept");
  }
}
