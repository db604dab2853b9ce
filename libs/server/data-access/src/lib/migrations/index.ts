import { CreateUsersAndFollows1764100000000 } from './1764100000000-create-users-and-follows';
import { CreateArticles1764200000000 } from './1764200000000-create-articles';
import { AddCredentialsVersion1764300000000 } from './1764300000000-add-credentials-version';
import { UniqueUsernamesIgnoringCase1764400000000 } from './1764400000000-unique-usernames-ignoring-case';

/** Every migration, oldest first. A schema change is a new file here, never an edit. */
export const ALL_MIGRATIONS = [CreateUsersAndFollows1764100000000, CreateArticles1764200000000, AddCredentialsVersion1764300000000, UniqueUsernamesIgnoringCase1764400000000];
