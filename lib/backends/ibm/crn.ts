/**
 * IBM Cloud instance CRNs: `crn:v1:bluemix:public:quantum-computing:<location>:a/<account>:<instance>::`.
 * The region is the 6th `:`-field (qiskit-ibm-runtime `api/utils.py`); the API host follows it
 * (`https://quantum.cloud.ibm.com/api` for us-east, else `https://<region>.quantum.cloud.ibm.com/api`).
 */
import { BackendError } from '../errors';

/** The location field of a CRN. @throws BackendError BACKEND_NOT_CONFIGURED when the CRN is malformed */
export function regionOfCrn(crn: string): string {
  const fields = crn.split(':');
  if (fields.length < 8 || fields[0] !== 'crn' || !fields[5]) {
    throw new BackendError('BACKEND_NOT_CONFIGURED', 'QPO_IBM_INSTANCE_CRN: not an IBM Cloud CRN; use crn:v1:bluemix:public:quantum-computing:<region>:a/<account>:<instance>::', { path: 'QPO_IBM_INSTANCE_CRN' });
  }
  return fields[5];
}

/** The API base URL (up to and including `/api`) of the CRN's region. */
export function apiUrlOfCrn(crn: string): string {
  const region = regionOfCrn(crn);
  return region === 'us-east' ? 'https://quantum.cloud.ibm.com/api' : `https://${region}.quantum.cloud.ibm.com/api`;
}
