/** EventBridge Scheduler schedules that start job runs from the JobSpecs of the stage config. */
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { TimeZone } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { StageConfig } from './config';

export class JobSchedules extends Construct {
  readonly schedules: scheduler.Schedule[] = [];

  constructor(scope: Construct, id: string, props: { config: StageConfig; stateMachine: sfn.IStateMachine }) {
    super(scope, id);
    for (const s of props.config.schedules) {
      this.schedules.push(
        new scheduler.Schedule(this, s.name, {
          scheduleName: `${props.config.project}-${props.config.stage}-${s.name}`,
          description: `qpo scheduled run ${s.name}`,
          schedule: scheduler.ScheduleExpression.expression(s.expression, TimeZone.of(s.timezone)),
          target: new targets.StepFunctionsStartExecution(props.stateMachine, { input: scheduler.ScheduleTargetInput.fromObject(s.spec) }),
        }),
      );
    }
  }
}
