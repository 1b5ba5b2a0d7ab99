import { ProvinceApiError } from '@app/province-client';

/** The ProvinceApiError a call to the provincial platform must end with (anything else fails the test). */
export async function provinceFailure(promise: Promise<unknown>): Promise<ProvinceApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProvinceApiError) return error;
    throw error;
  }
  throw new Error('expected a ProvinceApiError');
}
