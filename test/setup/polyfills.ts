// Promise.withResolvers for Node 20 (aws-local-stepfunctions needs it).
import '../../lib/workflow/polyfill';
