/** The cloud run's CloudFormation resolver: Ref/GetAtt per type, pseudo parameters, Fn::* functions. */
import { TemplateResolver } from './intrinsics';
import { renderDefinition } from './definition';

const template = {
  Resources: {
    Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::Join': ['-', ['amazon-braket-qpo', { Ref: 'AWS::AccountId' }, { Ref: 'AWS::Region' }]] } } },
    Fn: { Type: 'AWS::Lambda::Function', Properties: {} },
    Queue: { Type: 'AWS::Batch::JobQueue', Properties: {} },
    Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'alerts' } },
    Secret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
    Machine: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: {
        DefinitionString: { 'Fn::Join': ['', ['{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"${Fn}","Next":"B"},"B":{"Type":"Task","Resource":"arn:aws:states:::sns:publish","Parameters":{"TopicArn":"', { Ref: 'Topic' }, '"},"End":true}}}']] },
        DefinitionSubstitutions: { Fn: { 'Fn::GetAtt': ['Fn', 'Arn'] } },
      },
    },
    Odd: { Type: 'AWS::EC2::VPC', Properties: {} },
  },
};

describe('TemplateResolver', () => {
  const r = new TemplateResolver(template, { region: 'eu-west-1', accountId: '111122223333', stackName: 'qpo-test' });

  it('Ref and Fn::GetAtt as CloudFormation returns them per resource type', () => {
    expect(r.ref('Bucket')).toBe('amazon-braket-qpo-111122223333-eu-west-1');
    expect(r.getAtt('Bucket', 'Arn')).toBe('arn:aws:s3:::amazon-braket-qpo-111122223333-eu-west-1');
    expect(r.ref('Fn')).toBe('qpo-test-Fn');
    expect(r.getAtt('Fn', 'Arn')).toBe('arn:aws:lambda:eu-west-1:111122223333:function:qpo-test-Fn');
    expect(r.ref('Queue')).toBe('arn:aws:batch:eu-west-1:111122223333:job-queue/qpo-test-Queue');
    expect(r.ref('Topic')).toBe('arn:aws:sns:eu-west-1:111122223333:alerts');
    expect(r.ref('Secret')).toMatch(/^arn:aws:secretsmanager:eu-west-1:111122223333:secret:qpo-test-Secret-[0-9a-z]{6}$/);
  });

  it('Fn::Sub, Fn::Select, Fn::Split, pseudo parameters', () => {
    expect(r.resolve({ 'Fn::Sub': '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/repo:${!Literal}' })).toBe('111122223333.dkr.ecr.eu-west-1.amazonaws.com/repo:${Literal}');
    expect(r.resolve({ 'Fn::Sub': ['${Name}/${Fn.Arn}', { Name: 'x' }] })).toBe('x/arn:aws:lambda:eu-west-1:111122223333:function:qpo-test-Fn');
    expect(r.resolve({ 'Fn::Select': [1, { 'Fn::Split': [':', 'a:b:c'] }] })).toBe('b');
  });

  it('names the resource when it has no rule (never a guessed value)', () => {
    expect(() => r.ref('Odd')).toThrow('no Ref rule for AWS::EC2::VPC (Odd)');
    expect(() => r.getAtt('Topic', 'Nope')).toThrow('no Fn::GetAtt rule for AWS::SNS::Topic.Nope (Topic)');
    expect(() => r.resolve({ 'Fn::ImportValue': 'x' }, 'X.Prop')).toThrow('X.Prop: the cloud run cannot evaluate Fn::ImportValue');
  });

  it('renders a state machine with its DefinitionSubstitutions', () => {
    const asl = renderDefinition(r, 'Machine');
    expect(asl.States.A.Resource).toBe('arn:aws:lambda:eu-west-1:111122223333:function:qpo-test-Fn');
    expect(asl.States.B.Parameters.TopicArn).toBe('arn:aws:sns:eu-west-1:111122223333:alerts');
    const missing = new TemplateResolver({ Resources: { ...template.Resources, Machine: { ...template.Resources.Machine, Properties: { ...template.Resources.Machine.Properties, DefinitionSubstitutions: {} } } } });
    expect(() => renderDefinition(missing, 'Machine')).toThrow('the definition uses ${Fn} but DefinitionSubstitutions has no such key');
  });
});
