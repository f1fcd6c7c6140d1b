#!/bin/sh
# Other silos reach this one at the container's own address, unless the environment names one
# (Engine__AdvertisedAddress) or Kubernetes hosting sets it from the pod (Engine__Kubernetes=true).
set -e
. /app/runtime-env.sh   # the .NET runtime settings the engine ships with
if [ -z "${Engine__AdvertisedAddress:-}" ]; then
    Engine__AdvertisedAddress=$(hostname -i | awk '{print $1}')
    export Engine__AdvertisedAddress
fi
exec dotnet /app/PersonalizationEngine.Server.dll "$@"
