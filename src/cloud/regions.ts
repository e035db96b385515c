/**
 * Clouds, regions and their ECS / IAM endpoints. Plain data shared by synth-time validation and the
 * apply-time CLI. Huawei regions: `@huaweicloud/huaweicloud-sdk-ecs@3.1.172` `v2/EcsRegion.js`;
 * OTC: the OTC service catalog (ecs-api.md §4).
 */

/** The clouds the library targets. */
export type CloudName = 'otc' | 'huaweicloud';

export const CLOUD_NAMES: readonly CloudName[] = ['otc', 'huaweicloud'];

const OTC_REGIONS = ['eu-de', 'eu-nl', 'eu-ch2'] as const;

const HUAWEI_REGIONS = [
  'af-north-1',
  'af-south-1',
  'ae-ad-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'cn-east-2',
  'cn-east-3',
  'cn-east-4',
  'cn-east-5',
  'cn-north-1',
  'cn-north-2',
  'cn-north-4',
  'cn-north-9',
  'cn-north-11',
  'cn-north-12',
  'cn-south-1',
  'cn-south-2',
  'cn-south-4',
  'cn-southwest-2',
  'cn-southwest-3',
  'eu-west-0',
  'eu-west-101',
  'la-north-2',
  'la-south-2',
  'me-east-1',
  'my-kualalumpur-1',
  'na-mexico-1',
  'ru-moscow-1',
  'sa-brazil-1',
  'tr-west-1',
] as const;

/** The regions known for a cloud, sorted. */
export function regionsOf(cloud: CloudName): readonly string[] {
  return cloud === 'otc' ? OTC_REGIONS : HUAWEI_REGIONS;
}

/** Whether `value` names a supported cloud. */
export function isCloudName(value: string): value is CloudName {
  return (CLOUD_NAMES as readonly string[]).includes(value);
}

/** Whether `region` is a known region of `cloud`. */
export function isKnownRegion(cloud: CloudName, region: string): boolean {
  return regionsOf(cloud).includes(region);
}

/** The regional ECS endpoint (scheme and host, no path). */
export function ecsEndpoint(cloud: CloudName, region: string): string {
  if (cloud === 'otc') {
    // Swiss OTC lives under a separate domain.
    return region === 'eu-ch2' ? 'https://ecs.eu-ch2.sc.otc.t-systems.com' : `https://ecs.${region}.otc.t-systems.com`;
  }
  return `https://ecs.${region}.myhuaweicloud.com`;
}

/** The IAM (Keystone v3) endpoint used to obtain tokens. */
export function iamEndpoint(cloud: CloudName, region: string): string {
  if (cloud === 'otc') {
    return region === 'eu-ch2' ? 'https://iam-pub.eu-ch2.sc.otc.t-systems.com' : `https://iam.${region}.otc.t-systems.com`;
  }
  return 'https://iam.myhuaweicloud.com';
}
