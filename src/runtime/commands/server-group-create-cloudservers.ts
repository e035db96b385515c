/** `server-group-create-cloudservers`: create the group (cloudservers API) unless one with the same name exists (with the same policy). */
import { createGroup } from '../private/group-lifecycle';

export default createGroup('cloudservers');
