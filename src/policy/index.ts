export { POLICY_FILES } from './policy-synthesizer';
