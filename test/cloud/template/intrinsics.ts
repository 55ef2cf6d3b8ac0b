/**
 * What CloudFormation does to a synthesized template at deploy time, for the offline cloud run:
 * physical names, `Ref` and `Fn::GetAtt` per resource type (the return values documented on each
 * resource's page of the CloudFormation reference), pseudo parameters, and the intrinsic functions
 * CDK emits (Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::GetAZs, Fn::Base64).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 *
 * Names are deterministic (`<stack>-<logicalId>`, lower-case where the service demands it) unless
 * the template names the resource. A type or attribute the harness has no rule for is an error
 * naming the resource: the run never guesses a value.
 */

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly Metadata?: Record<string, any>;
}
export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
}

export interface DeployTarget {
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
}

export const LOCAL_TARGET: DeployTarget = { region: 'us-east-1', accountId: '123456789012', stackName: 'qpo-local' };

/** The property holding an explicit physical name, by resource type. */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::S3::Bucket': 'BucketName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::Batch::JobQueue': 'JobQueueName',
  'AWS::Batch::JobDefinition': 'JobDefinitionName',
  'AWS::Batch::ComputeEnvironment': 'ComputeEnvironmentName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::ApiGateway::Model': 'Name',
  'AWS::ApiGateway::Stage': 'StageName',
  'AWS::Scheduler::Schedule': 'Name',
  'AWS::SSM::Parameter': 'Name',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::Events::Rule': 'Name',
};

type Attr = (name: string, id: string) => string;

export class TemplateResolver {
  private readonly names = new Map<string, string>();

  constructor(
    readonly template: CfnTemplate,
    readonly target: DeployTarget = LOCAL_TARGET,
  ) {}

  /** The resource `logicalId`, or an error naming it. */
  resource(logicalId: string): CfnResource {
    const r = this.template.Resources[logicalId];
    if (!r) throw new Error(`template: no resource '${logicalId}'`);
    return r;
  }

  /** Logical ids of every resource of `type`, in template order. */
  idsOfType(type: string): string[] {
    return Object.keys(this.template.Resources).filter((id) => this.template.Resources[id]!.Type === type);
  }

  /** The physical name CloudFormation would give the resource. */
  physicalName(logicalId: string): string {
    const cached = this.names.get(logicalId);
    if (cached) return cached;
    const r = this.resource(logicalId);
    const prop = NAME_PROPERTY[r.Type];
    const explicit = prop ? r.Properties?.[prop] : undefined;
    let name: string;
    if (explicit !== undefined) name = String(this.resolve(explicit, `${logicalId}.${prop}`));
    else if (r.Type === 'AWS::S3::Bucket') name = `${this.target.stackName}-${logicalId}`.toLowerCase().slice(0, 63);
    else if (r.Type === 'AWS::Logs::LogGroup') name = `/${this.target.stackName}/${logicalId}`;
    else if (r.Type === 'AWS::ApiGateway::RestApi' || r.Type === 'AWS::ApiGateway::Resource' || r.Type === 'AWS::ApiGateway::RequestValidator')
      name = shortId(logicalId);
    else name = `${this.target.stackName}-${logicalId}`.slice(0, 64);
    this.names.set(logicalId, name);
    return name;
  }

  private arn(service: string, resource: string, opts: { region?: boolean; account?: boolean } = {}): string {
    const { region, accountId } = this.target;
    return `arn:aws:${service}:${opts.region === false ? '' : region}:${opts.account === false ? '' : accountId}:${resource}`;
  }

  /** `Ref` of a resource (or a pseudo parameter). */
  ref(id: string): string {
    const pseudo = this.pseudo(id);
    if (pseudo !== undefined) return pseudo;
    const r = this.resource(id);
    const n = () => this.physicalName(id);
    switch (r.Type) {
      case 'AWS::S3::Bucket':
      case 'AWS::Lambda::Function':
      case 'AWS::IAM::Role':
      case 'AWS::Logs::LogGroup':
      case 'AWS::ApiGateway::Model':
      case 'AWS::ApiGateway::Stage':
      case 'AWS::ApiGateway::RestApi':
      case 'AWS::ApiGateway::Resource':
      case 'AWS::ApiGateway::RequestValidator':
      case 'AWS::Scheduler::Schedule':
      case 'AWS::SSM::Parameter':
      case 'AWS::DynamoDB::Table':
      case 'AWS::Events::Rule':
        return n();
      case 'AWS::SQS::Queue':
        return `https://sqs.${this.target.region}.amazonaws.com/${this.target.accountId}/${n()}`;
      case 'AWS::StepFunctions::StateMachine':
        return this.arn('states', `stateMachine:${n()}`);
      case 'AWS::Batch::JobQueue':
        return this.arn('batch', `job-queue/${n()}`);
      case 'AWS::Batch::JobDefinition':
        return this.arn('batch', `job-definition/${n()}:1`);
      case 'AWS::Batch::ComputeEnvironment':
        return this.arn('batch', `compute-environment/${n()}`);
      case 'AWS::SNS::Topic':
        return this.arn('sns', n());
      case 'AWS::SecretsManager::Secret':
        // Secrets Manager appends six random characters to the name in the ARN.
        return this.arn('secretsmanager', `secret:${n()}-${shortId(id).slice(0, 6)}`);
      default:
        throw new Error(`template: the cloud run has no Ref rule for ${r.Type} (${id})`);
    }
  }

  /** `Fn::GetAtt` of a resource. */
  getAtt(id: string, attribute: string): string {
    const r = this.resource(id);
    const attrs: Record<string, Record<string, Attr>> = {
      'AWS::S3::Bucket': { Arn: (n) => `arn:aws:s3:::${n}`, DomainName: (n) => `${n}.s3.amazonaws.com`, RegionalDomainName: (n) => `${n}.s3.${this.target.region}.amazonaws.com` },
      'AWS::Lambda::Function': { Arn: (n) => this.arn('lambda', `function:${n}`) },
      'AWS::IAM::Role': { Arn: (n) => this.arn('iam', `role/${n}`, { region: false }), RoleId: (_n, i) => `AROA${shortId(i).toUpperCase()}` },
      'AWS::Logs::LogGroup': { Arn: (n) => this.arn('logs', `log-group:${n}:*`) },
      'AWS::StepFunctions::StateMachine': { Arn: () => this.ref(id), Name: (n) => n },
      'AWS::Batch::JobQueue': { JobQueueArn: () => this.ref(id) },
      'AWS::Batch::JobDefinition': { JobDefinitionArn: () => this.ref(id) },
      'AWS::Batch::ComputeEnvironment': { ComputeEnvironmentArn: () => this.ref(id) },
      'AWS::SNS::Topic': { TopicArn: () => this.ref(id), TopicName: (n) => n },
      'AWS::SecretsManager::Secret': { Id: () => this.ref(id) },
      'AWS::ApiGateway::RestApi': { RootResourceId: (_n, i) => `root-${shortId(i)}`, RestApiId: (n) => n },
      'AWS::Scheduler::Schedule': { Arn: (n) => this.arn('scheduler', `schedule/default/${n}`) },
      'AWS::SSM::Parameter': { Type: () => String(r.Properties?.Type ?? 'String'), Value: () => String(r.Properties?.Value ?? '') },
      'AWS::DynamoDB::Table': { Arn: (n) => this.arn('dynamodb', `table/${n}`) },
      'AWS::SQS::Queue': { Arn: (n) => this.arn('sqs', n), QueueName: (n) => n, QueueUrl: () => this.ref(id) },
      'AWS::Events::Rule': { Arn: (n) => this.arn('events', `rule/${n}`) },
    };
    const rule = attrs[r.Type]?.[attribute];
    if (!rule) throw new Error(`template: the cloud run has no Fn::GetAtt rule for ${r.Type}.${attribute} (${id})`);
    return rule(this.physicalName(id), id);
  }

  private pseudo(name: string): string | undefined {
    const { region, accountId, stackName } = this.target;
    const values: Record<string, string> = {
      'AWS::Region': region,
      'AWS::AccountId': accountId,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': stackName,
      'AWS::StackId': this.arn('cloudformation', `stack/${stackName}/00000000-0000-4000-8000-000000000000`),
      'AWS::NoValue': '',
    };
    return values[name];
  }

  /**
   * Evaluate every intrinsic function in `node` (deeply). `where` names the property for errors.
   * @throws Error naming the property and the function it cannot evaluate.
   */
  resolve(node: unknown, where = 'template'): any {
    if (Array.isArray(node)) return node.map((n, i) => this.resolve(n, `${where}[${i}]`));
    if (!node || typeof node !== 'object') return node;
    const keys = Object.keys(node);
    const v = (node as Record<string, any>)[keys[0]!];
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'))) {
      switch (keys[0]) {
        case 'Ref':
          return this.ref(String(v));
        case 'Fn::GetAtt': {
          const [id, ...attr] = Array.isArray(v) ? v : String(v).split('.');
          return this.getAtt(String(id), attr.join('.'));
        }
        case 'Fn::Join':
          return (this.resolve(v[1], where) as unknown[]).map(String).join(v[0]);
        case 'Fn::Select':
          return (this.resolve(v[1], where) as unknown[])[Number(this.resolve(v[0], where))];
        case 'Fn::Split':
          return String(this.resolve(v[1], where)).split(v[0]);
        case 'Fn::GetAZs':
          return ['a', 'b', 'c'].map((z) => `${this.target.region}${z}`);
        case 'Fn::Base64':
          return Buffer.from(String(this.resolve(v, where))).toString('base64');
        case 'Fn::Sub': {
          const [text, vars] = Array.isArray(v) ? [v[0] as string, this.resolve(v[1] ?? {}, where) as Record<string, string>] : [v as string, {}];
          return text.replace(/\$\{(!?)([^}]+)\}/g, (_m, bang: string, expr: string) => {
            if (bang) return `\${${expr}}`;
            if (expr in vars) return String(vars[expr]);
            const dot = expr.indexOf('.');
            return dot > 0 && !expr.startsWith('AWS::') ? this.getAtt(expr.slice(0, dot), expr.slice(dot + 1)) : this.ref(expr);
          });
        }
        default:
          throw new Error(`${where}: the cloud run cannot evaluate ${keys[0]}`);
      }
    }
    return Object.fromEntries(Object.entries(node).map(([k, x]) => [k, this.resolve(x, `${where}.${k}`)]));
  }
}

/** A stable short id from a logical id (API Gateway ids, the secret ARN suffix). */
function shortId(logicalId: string): string {
  let h = 2166136261;
  for (const c of logicalId) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h.toString(36).padStart(7, '0').slice(0, 10);
}
