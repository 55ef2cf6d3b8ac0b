/**
 * The force-classical switch as an SSM Parameter Store String parameter (`/qpo/<stage>/force-classical`,
 * created by the stack with the value off). GetParameter / PutParameter (Overwrite) over the AWS JSON
 * 1.1 protocol: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
 */
import { GetParameterCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { parseSwitchValue, switchValue, SWITCH_OFF, type ForceClassicalState, type SwitchStore } from './platform-switch';

export class SsmSwitchStore implements SwitchStore {
  readonly location: string;

  constructor(
    private readonly ssm: SSMClient,
    readonly parameterName: string,
  ) {
    this.location = `ssm:${parameterName}`;
  }

  /** @throws the SDK's error when SSM cannot be asked (access denied, throttled); a missing parameter is off. */
  async read(): Promise<ForceClassicalState> {
    try {
      const out = await this.ssm.send(new GetParameterCommand({ Name: this.parameterName }));
      return parseSwitchValue(out.Parameter?.Value ?? '', this.location);
    } catch (error) {
      if ((error as Error).name === 'ParameterNotFound') return SWITCH_OFF;
      throw error;
    }
  }

  async write(state: ForceClassicalState): Promise<void> {
    await this.ssm.send(new PutParameterCommand({ Name: this.parameterName, Value: switchValue(state), Type: 'String', Overwrite: true }));
  }
}
