# For deployment: the service against a PostgreSQL given by ConnectionStrings__CxRox
# (see docker-compose.yml). The embedded PostgreSQL is for development and is not used here.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/CxRox.Engine/CxRox.Engine.csproj src/CxRox.Engine/
COPY src/CxRox.Api/CxRox.Api.csproj src/CxRox.Api/
RUN dotnet restore src/CxRox.Api/CxRox.Api.csproj
COPY src/ src/
# The API serves the scorecard JSON Schema and seeds its demo with the retail sample, both embedded from here at build time.
COPY scorecards/scorecard.schema.json scorecards/retail.scorecard.json scorecards/
RUN dotnet publish src/CxRox.Api/CxRox.Api.csproj --configuration Release --no-restore --output /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# curl only serves the health check below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# Where the first admin key (and a demo's reader key) is kept, owner-only: stdout here is a log, so the key is not printed.
RUN mkdir /app/.cxrox && chown "$APP_UID" /app/.cxrox && chmod 700 /app/.cxrox
# The image's unprivileged user (APP_UID, defined by the .NET base images).
USER $APP_UID
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl --fail --silent --show-error http://localhost:8080/health/ready || exit 1
ENTRYPOINT ["dotnet", "CxRox.Api.dll"]
