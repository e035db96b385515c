/** `server-group-create`: create the group (native API) unless one with the same name exists (with the same policy). */
import { createGroup } from '../private/group-lifecycle';

export default createGroup('native');
