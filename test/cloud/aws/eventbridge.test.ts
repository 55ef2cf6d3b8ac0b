/** The EventBridge pattern matching of the cloud run: the subset the template uses, and nothing guessed. */
import { matchesPattern } from './eventbridge';

const event = {
  source: 'aws.states',
  'detail-type': 'Step Functions Execution Status Change',
  detail: { stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:jobs', status: 'SUCCEEDED', tags: ['a', 'b'] },
};

it('matches exact values, any of a list, nested fields and array fields as EventBridge does', () => {
  expect(matchesPattern({ source: ['aws.states'], detail: { stateMachineArn: [event.detail.stateMachineArn] } }, event)).toBe(true);
  expect(matchesPattern({ detail: { status: ['FAILED', 'SUCCEEDED'] } }, event)).toBe(true);
  expect(matchesPattern({ detail: { tags: ['b'] } }, event)).toBe(true);
  expect(matchesPattern({ source: ['aws.batch'] }, event)).toBe(false);
  expect(matchesPattern({ detail: { status: ['FAILED'] } }, event)).toBe(false);
  expect(matchesPattern({ detail: { missing: ['x'] } }, event)).toBe(false);
});

it('refuses a pattern operator it does not model instead of guessing', () => {
  expect(() => matchesPattern({ detail: { status: [{ prefix: 'SUCC' }] } }, event)).toThrow(/not modeled/);
  expect(() => matchesPattern({ source: 'aws.states' }, event)).toThrow(/not an array or object/);
});
