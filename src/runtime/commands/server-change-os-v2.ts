/** `server-change-os-v2`: change the OS of a stopped server through `POST /v2/{project_id}/cloudservers/{server_id}/changeos`. */
import { changeOs } from '../private/os-change';

export default changeOs('change-os-v2');
