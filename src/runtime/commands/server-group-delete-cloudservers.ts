/**
 * `server-group-delete-cloudservers` (at destroy): delete the group found by name (cloudservers API), then confirm
 * with the show API that it is gone. A group already gone is not an error.
 */
import { deleteGroup } from '../private/group-lifecycle';

export default deleteGroup('cloudservers');
