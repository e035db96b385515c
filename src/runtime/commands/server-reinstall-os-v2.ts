/** `server-reinstall-os-v2`: reinstall the OS of a stopped server through `POST /v2/{project_id}/cloudservers/{server_id}/reinstallos`. */
import { reinstallOs } from '../private/os-change';

export default reinstallOs('reinstall-os-v2');
