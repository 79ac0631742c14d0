// Evaluates the cases written by tests/differential_iam_simulate.rs with @cloud-copilot/iam-simulate.
//
// Usage: node run.mjs CASES.json
// Input: a JSON array of cases { policies: [{ name, document }], action, resource, contexts: [ {key: value} ] }.
// Output (stdout): a JSON array with, per case, one entry per context: the simulator's overall
// result ("Allowed", "ExplicitlyDenied", "ImplicitlyDenied") or "error: ..." when it refused the input.
import { readFileSync } from 'node:fs'
import { runSimulation } from '@cloud-copilot/iam-simulate'

const PRINCIPAL = 'arn:aws:iam::111122223333:user/alice'
const ACCOUNT = '111122223333'

const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const results = []
for (const c of cases) {
  const outcomes = []
  for (const context of c.contexts) {
    const simulation = {
      request: {
        principal: PRINCIPAL,
        action: c.action,
        resource: { resource: c.resource, accountId: ACCOUNT },
        contextVariables: context
      },
      identityPolicies: c.policies.map((p) => ({ name: p.name, policy: p.document })),
      serviceControlPolicies: [],
      resourceControlPolicies: []
    }
    const response = await runSimulation(simulation, {})
    outcomes.push(
      response.resultType === 'error'
        ? `error: ${JSON.stringify(response.errors)}`
        : response.overallResult
    )
  }
  results.push(outcomes)
}
process.stdout.write(JSON.stringify(results))
