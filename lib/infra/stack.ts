/** The qpo platform stack: composes the constructs of lib/infra, one per concern. */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { acknowledgeFindings } from './acknowledgements';
import { Alerts } from './alerts';
import { JobsApi } from './api';
import { JobIndexTable } from './job-index';
import { QuantumBatch } from './batch';
import type { StageConfig } from './config';
import { AnnealingFallback } from './fallback';
import { Monitoring } from './monitoring';
import { PlatformSwitch } from './platform-switch';
import { JobSchedules } from './schedule';
import { ResultsStorage } from './storage';
import { JobWorkflow } from './workflow';

export class QpoStack extends Stack {
  readonly storage: ResultsStorage;
  readonly alerts: Alerts;
  readonly batch: QuantumBatch;
  readonly fallback: AnnealingFallback;
  readonly workflow: JobWorkflow;
  readonly api: JobsApi;
  readonly monitoring: Monitoring;
  readonly platformSwitch: PlatformSwitch;
  readonly jobIndex: JobIndexTable;

  constructor(scope: Construct, id: string, props: StackProps & { config: StageConfig }) {
    super(scope, id, props);
    const { config } = props;
    this.storage = new ResultsStorage(this, 'Storage', config);
    const bucket = this.storage.bucket;
    this.alerts = new Alerts(this, 'Alerts', config);
    this.batch = new QuantumBatch(this, 'Batch', { config, bucket });
    this.fallback = new AnnealingFallback(this, 'Fallback', { config, bucket });
    this.platformSwitch = new PlatformSwitch(this, 'PlatformSwitch', config);
    this.workflow = new JobWorkflow(this, 'Workflow', {
      config,
      bucket,
      batch: this.batch,
      fallback: this.fallback.fn,
      alerts: this.alerts.topic,
      forceClassical: this.platformSwitch.parameter,
    });
    this.jobIndex = new JobIndexTable(this, 'JobIndex', { config, stateMachine: this.workflow.stateMachine, jobQueueArn: this.batch.queue.jobQueueArn });
    this.api = new JobsApi(this, 'Api', { config, stateMachine: this.workflow.stateMachine, bucket, jobIndex: this.jobIndex.table, jobQueueArn: this.batch.queue.jobQueueArn });
    new JobSchedules(this, 'Schedules', { config, stateMachine: this.workflow.stateMachine });
    const wf0 = this.workflow.functions;
    this.monitoring = new Monitoring(this, 'Monitoring', {
      config,
      stateMachine: this.workflow.stateMachine,
      jobQueueArn: this.batch.queue.jobQueueArn,
      alerts: this.alerts,
      ibmSecret: this.batch.ibmSecret,
      jobIndexDeadLetters: this.jobIndex.deadLetters,
      functions: {
        'validate-and-prepare': wf0.prepare,
        'check-capacity': wf0.capacity,
        'annealing-fallback': this.fallback.fn,
        'record-result': wf0.record,
        'optimize-api': this.api.functions.optimize,
        'get-job': this.api.functions.getJob,
        'list-jobs': this.api.functions.listJobs,
        'cancel-job': this.api.functions.cancelJob,
        'resubmit-job': this.api.functions.resubmitJob,
        'job-events': this.jobIndex.eventsFunction,
      },
    });

    const wf = this.workflow.functions;
    acknowledgeFindings(this, {
      bucket,
      invokedFunctions: [wf.prepare, wf.capacity, wf.record, this.fallback.fn],
      scheduledFunctions: [this.monitoring.healthCheck, this.jobIndex.eventsFunction],
      jobStateMachine: this.workflow.stateMachine,
      jobIndexTable: this.jobIndex.table,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.api.url });
    new CfnOutput(this, 'ResultsBucket', { value: bucket.bucketName });
    new CfnOutput(this, 'JobStateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'SweepStateMachineArn', { value: this.workflow.sweepMachine.stateMachineArn });
    new CfnOutput(this, 'IbmQuantumSecretArn', { value: this.batch.ibmSecret.secretArn });
    new CfnOutput(this, 'JobIndexTable', { value: this.jobIndex.table.tableName });
    new CfnOutput(this, 'ForceClassicalParameter', { value: this.platformSwitch.parameter.parameterName });
  }
}
