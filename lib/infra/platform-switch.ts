/**
 * The platform-wide force-classical switch: an SSM String parameter `/<project>/<stage>/force-classical`
 * created off (`{"forced":false,...}`). CheckCapacity reads it (cached for
 * `forceClassicalCacheSeconds`); operators flip it with `qpo fallback force on|off --stage <stage>`
 * (ssm:PutParameter on this parameter). CloudFormation sets the value only when the parameter is
 * created, so a deploy never undoes an operator's switch.
 */
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { forceClassicalParameterName, switchValue, SWITCH_OFF } from '../jobs/platform-switch';
import type { StageConfig } from './config';

export class PlatformSwitch extends Construct {
  readonly parameter: ssm.StringParameter;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    this.parameter = new ssm.StringParameter(this, 'ForceClassical', {
      parameterName: forceClassicalParameterName(config.project, config.stage),
      stringValue: switchValue(SWITCH_OFF),
      description: 'qpo platform-wide force-classical switch: {"forced":true} routes every job to the annealing fallback (qpo fallback force on|off|status)',
      tier: ssm.ParameterTier.STANDARD,
    });
  }
}
