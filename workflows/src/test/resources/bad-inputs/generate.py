# Writes the bad-input corpus and expected.tsv (file -> lowercase fragment the
# rejection message must contain). The output is committed; rerun after an edit:
#   python3 generate.py .
import os, sys
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
cases = []  # (file, fragment, content-bytes-or-str)

def add(name, fragment, content):
    cases.append((name, fragment, content))

STEP = "steps:\n  - id: a\n    prompt: hi\n"

# --- syntax
add("syntax-unclosed-flow.yaml", "syntax error", "name: x\nsteps: [{id: a, prompt: hi}\n")
add("syntax-bad-indent.yaml", "syntax error", "name: x\nsteps:\n  - id: a\n     prompt: hi\n   agent: echo\n")
add("syntax-tab-indent.yaml", "syntax error", "name: x\nsteps:\n\t- id: a\n\t  prompt: hi\n")
add("syntax-unterminated-string.yaml", "syntax error", 'name: x\nsteps:\n  - id: a\n    prompt: "hi\n')
add("syntax-json-trailing-comma.json", "syntax error", '{"name": "x", "steps": [{"id": "a", "prompt": "hi"},]}\n')
add("syntax-json-truncated.json", "syntax error", '{"name": "x", "steps": [{"id": "a", "prom')
# --- wrong types
add("type-top-level-list.yaml", "top level must be a mapping", "- name: x\n- steps: []\n")
add("type-top-level-scalar.yaml", "top level must be a mapping", "just a sentence, not a pipeline\n")
add("type-steps-mapping.yaml", "'steps' must be a list", "name: x\nsteps:\n  a: {prompt: hi}\n")
add("type-max-concurrency-string.yaml", "max_concurrency' must be a whole number", "name: x\ndefaults:\n  max_concurrency: lots\n" + STEP)
add("type-allow-failure-string.yaml", "'allow_failure' must be true or false", "name: x\nsteps:\n  - id: a\n    prompt: hi\n    allow_failure: maybe\n")
add("type-prompt-list.yaml", "'prompt' must be a string", "name: x\nsteps:\n  - id: a\n    prompt: [hi, there]\n")
add("type-depends-on-number.yaml", "'depends_on' must be a list", "name: x\nsteps:\n  - id: a\n    prompt: hi\n  - id: b\n    prompt: hi\n    depends_on: 7\n")
add("type-command-string.yaml", "command' must be a list", "name: x\nagents:\n  sh:\n    kind: command\n    command: \"claude -p; rm -rf /\"\nsteps:\n  - id: a\n    agent: sh\n")
# --- unknown keys at several levels
add("unknown-key-top.yaml", "unknown key 'stepz'", "name: x\nstepz: []\n" + STEP)
add("unknown-key-step.yaml", "unknown key 'promt'", "name: x\nsteps:\n  - id: a\n    promt: hi\n")
add("unknown-key-defaults.yaml", "unknown key 'max_concurency'", "name: x\ndefaults:\n  max_concurency: 2\n" + STEP)
add("unknown-key-retry.yaml", "unknown key 'jitter'", "name: x\nsteps:\n  - id: a\n    prompt: hi\n    retry: {max_attempts: 2, jitter: true}\n")
add("unknown-key-agent.yaml", "unknown key 'shell'", "name: x\nagents:\n  c:\n    kind: command\n    command: [cat]\n    shell: true\nsteps:\n  - id: a\n    agent: c\n")
add("unknown-key-on-result.yaml", "unknown key 'notify'", "name: x\nsteps:\n  - id: a\n    prompt: hi\n    on_result:\n      - {when: always, action: continue, notify: ops}\n")
# --- cycles
add("cycle-self.yaml", "depends on itself", "name: x\nsteps:\n  - id: a\n    prompt: hi\n    depends_on: [a]\n")
add("cycle-two.yaml", "cycle: a -> b -> a", "name: x\nsteps:\n  - id: a\n    prompt: hi\n    depends_on: [b]\n  - id: b\n    prompt: hi\n    depends_on: [a]\n")
add("cycle-three.yaml", "cycle: a -> c -> b -> a", "name: x\nsteps:\n  - id: a\n    prompt: \"{{ steps.c.output }}\"\n  - id: b\n    prompt: hi\n    depends_on: [a]\n  - id: c\n    prompt: \"{{ steps.b.output }}\"\n")
add("cycle-through-join.yaml", "cycle: a -> j -> a", "name: x\nsteps:\n  - id: a\n    prompt: \"{{ steps.j.output }}\"\n  - id: b\n    prompt: hi\n  - id: j\n    join: [a, b]\n")
# --- unknown references
add("unknown-depends-on.yaml", "unknown step 'nowhere'", "name: x\nsteps:\n  - id: a\n    prompt: hi\n    depends_on: [nowhere]\n")
add("unknown-join-branch.yaml", "unknown step 'ghost'", "name: x\nsteps:\n  - id: a\n    prompt: hi\n  - id: j\n    join: [a, ghost]\n")
add("unknown-template-step.yaml", "unknown step 'ghost'", "name: x\nsteps:\n  - id: a\n    prompt: \"{{ steps.ghost.output }}\"\n")
add("unknown-when-step.yaml", "unknown step 'ghost'", "name: x\nsteps:\n  - id: a\n    prompt: hi\n    when: \"steps.ghost.status == 'succeeded'\"\n")
add("unknown-input.yaml", "unknown input 'repository'", "name: x\ninputs:\n  repo: .\nsteps:\n  - id: a\n    prompt: \"Review {{ inputs.repository }}\"\n")
add("unknown-agent.yaml", "unknown agent 'claude'", "name: x\nsteps:\n  - id: a\n    agent: claude\n    prompt: hi\n")
add("unknown-kind.yaml", "unknown kind 'telepathy'", "name: x\nagents:\n  gpt:\n    kind: telepathy\nsteps:\n  - id: a\n    agent: gpt\n")
# --- schemas
add("bad-schema-type.yaml", "not a valid json schema", "name: x\nsteps:\n  - id: a\n    prompt: hi\n  - id: j\n    join: [a]\n    output_schema: {type: banana}\n")
add("bad-schema-required.yaml", "not a valid json schema", "name: x\nsteps:\n  - id: a\n    prompt: \"{}\"\n    output_schema: {type: object, required: yes-please}\n")
add("bad-schema-scalar.yaml", "not a valid json schema", "name: x\nsteps:\n  - id: a\n    prompt: hi\n  - id: j\n    join: [a]\n    output_schema: 42\n")
# --- durations
add("bad-duration-words.yaml", "invalid duration 'ten minutes'", "name: x\ntimeout: ten minutes\n" + STEP)
add("bad-duration-negative.yaml", "invalid duration '-5s'", "name: x\ndefaults:\n  heartbeat_timeout: -5s\n" + STEP)
add("bad-duration-unit.yaml", "invalid duration '3 fortnights'", "name: x\nsteps:\n  - id: a\n    prompt: hi\n    timeout: 3 fortnights\n")
add("bad-duration-retry.yaml", "invalid duration 'soon'", "name: x\ndefaults:\n  retry: {initial_interval: soon}\n" + STEP)
add("bad-duration-overflow.yaml", "invalid duration '99999999999999999999999h'", "name: x\ntimeout: 99999999999999999999999h\n" + STEP)
# --- numbers
add("huge-max-concurrency.yaml", "max_concurrency' is too large", "name: x\ndefaults:\n  max_concurrency: 99999999999999999999\n" + STEP)
add("zero-max-concurrency.yaml", "max_concurrency' must be between 1 and", "name: x\ndefaults:\n  max_concurrency: 0\n" + STEP)
add("negative-step-max-concurrency.yaml", "max_concurrency' must be between 1 and", "name: x\ninputs:\n  xs: [1, 2]\nsteps:\n  - id: a\n    for_each: \"{{ inputs.xs }}\"\n    max_concurrency: -3\n    prompt: \"{{ item }}\"\n")
add("retry-zero-attempts.yaml", "max_attempts' must be between 1 and", "name: x\nsteps:\n  - id: a\n    prompt: hi\n    retry: {max_attempts: 0}\n")
add("retry-fractional-attempts.yaml", "max_attempts' must be a whole number", "name: x\ndefaults:\n  retry: {max_attempts: 2.5}\n" + STEP)
# --- empty things
add("empty.yaml", "the document is empty", b"")
add("whitespace-only.yaml", "the document is empty", b"  \n\t\n   \r\n\n")
add("comments-only.yaml", "the document is empty", "# a pipeline\n# that is all comments\n")
add("empty-steps.yaml", "the pipeline is empty", "name: x\nsteps: []\n")
add("missing-steps.yaml", "the pipeline is empty", "name: x\ndescription: no steps at all\n")
add("join-no-branches.yaml", "the join has no branches", "name: x\nsteps:\n  - id: a\n    prompt: hi\n  - id: j\n    join: []\n")
# --- structure
add("duplicate-ids.yaml", "duplicate step id 'a'", "name: x\nsteps:\n  - id: a\n    prompt: hi\n  - id: b\n    prompt: hi\n  - id: a\n    prompt: again\n")
add("join-and-agent.yaml", "both a join and an agent step", "name: x\nsteps:\n  - id: a\n    prompt: hi\n  - id: j\n    join: [a]\n    agent: echo\n    prompt: merge\n")
add("for-each-on-join.yaml", "for_each cannot be used on a join", "name: x\ninputs:\n  xs: [1]\nsteps:\n  - id: a\n    prompt: hi\n  - id: j\n    join: [a]\n    for_each: \"{{ inputs.xs }}\"\n")
add("bad-when.yaml", "when expression does not parse", "name: x\nsteps:\n  - id: a\n    prompt: hi\n  - id: b\n    prompt: hi\n    when: \"steps.a.status === 'succeeded' &&\"\n")
add("bad-on-result-action.yaml", "action' must be one of abort, continue", "name: x\nsteps:\n  - id: a\n    prompt: hi\n    on_result:\n      - {when: always, action: explode}\n")
add("bad-on-error.yaml", "on_error' must be one of fail_fast, wait_for_all", "name: x\ndefaults:\n  on_error: sometimes\n" + STEP)
add("bad-mode.yaml", "'mode' must be one of levels, dataflow", "name: x\nmode: turbo\n" + STEP)
add("bad-step-id.yaml", "malformed step id", "name: x\nsteps:\n  - id: \"Review Step!\"\n    prompt: hi\n")
add("bad-pipeline-name.yaml", "malformed pipeline name", "name: My Pipeline\n" + STEP)
add("missing-name.yaml", "has no name", STEP)
add("missing-step-id.yaml", "has no 'id'", "name: x\nsteps:\n  - prompt: hi\n")
add("duplicate-yaml-key.yaml", "duplicate key 'name'", "name: x\nname: y\n" + STEP)
add("duplicate-json-key.json", "duplicate key 'prompt'", '{"name": "x", "steps": [{"id": "a", "prompt": "hi", "prompt": "again"}]}\n')
add("unknown-input-for-each.yaml", "unknown input 'ys'", "name: x\ninputs:\n  xs: [1]\nsteps:\n  - id: a\n    for_each: \"{{ inputs.ys }}\"\n    prompt: \"{{ item }}\"\n")
add("unknown-step-in-with.yaml", "unknown step 'ghost'", "name: x\nsteps:\n  - id: a\n    agent: sleep\n    with: {duration: \"{{ steps.ghost.output }}\"}\n")
add("kind-mismatch.yaml", "unknown key 'command'", "name: x\nagents:\n  llm:\n    kind: openai\n    base_url: http://localhost:11434/v1\n    model: m\n    command: [curl]\nsteps:\n  - id: a\n    agent: llm\n    prompt: hi\n")
add("bad-template-unclosed.yaml", "unclosed '{{'", "name: x\nsteps:\n  - id: a\n    prompt: hi\n  - id: b\n    prompt: \"{{ steps.a.output\"\n")
add("item-outside-for-each.yaml", "uses 'item'", "name: x\nsteps:\n  - id: a\n    prompt: \"{{ item }}\"\n")
add("inputs-not-mapping.yaml", "'inputs' must be a mapping", "name: x\ninputs: [a, b]\n" + STEP)

# --- hostile documents
def junk(n, seed=20240607):
    # a fixed linear congruential generator, so the bytes never change
    x = seed; b = bytearray()
    for _ in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        b.append(x >> 56)
    return bytes(b)
add("binary-junk.yaml", "not valid utf-8", junk(4096))
add("deeply-nested-flow.yaml", "too deeply nested", "name: x\nsteps: " + "[" * 5000 + "]" * 5000 + "\n")
add("deeply-nested-json.json", "too deeply nested", '{"name": "x", "steps": ' + "[" * 5000 + "]" * 5000 + "}\n")
add("deeply-nested-block.yaml", "too deeply nested", "name: x\ninputs:\n  deep:\n" + "".join("  " * (i + 2) + "- \n" for i in range(300)) + STEP)
add("deeply-nested-with.yaml", "too deeply nested", "name: x\nsteps:\n  - id: a\n    prompt: hi\n    with: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n")
laughs = ["lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
for i in range(1, 10):
    laughs.append("lol%d: &a%d [%s]" % (i, i, ", ".join(["*a%d" % (i - 1)] * 10)))
add("billion-laughs.yaml", "aliases", "name: x\ninputs:\n" + "".join("  " + l + "\n" for l in laughs) + STEP)
big = ["name: x\nsteps:\n"]
size = len(big[0])
i = 0
while size < 5 * 1024 * 1024:
    s = "  - id: s%05d\n    prompt: \"%s\"\n" % (i, "lorem ipsum dolor sit amet " * 3)
    big.append(s); size += len(s); i += 1
big.append("  - id: last\n    prompt: hi\n    depends_on: [nowhere]\n")
add("huge-5mb.yaml", "too large", "".join(big))

with open(os.path.join(out, "expected.tsv"), "w") as tsv:
    tsv.write("# file\tlowercase fragment the rejection message must contain\n")
    for name, frag, content in cases:
        data = content if isinstance(content, bytes) else content.encode()
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        tsv.write("%s\t%s\n" % (name, frag))
print(len(cases), "cases")
