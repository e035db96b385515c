/** `server-change-os-v1`: change the OS of a stopped server through `POST /v1/{project_id}/cloudservers/{server_id}/changeos`. */
import { changeOs } from '../private/os-change';

export default changeOs('change-os-v1');
