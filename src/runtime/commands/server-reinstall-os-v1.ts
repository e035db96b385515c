/** `server-reinstall-os-v1`: reinstall the OS of a stopped server through `POST /v1/{project_id}/cloudservers/{server_id}/reinstallos`. */
import { reinstallOs } from '../private/os-change';

export default reinstallOs('reinstall-os-v1');
