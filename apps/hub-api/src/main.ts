console.log('hub-api');
